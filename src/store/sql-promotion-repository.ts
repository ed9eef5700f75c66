/** Adds protected-alias policies and promotion requests to the repository chain, below the identities (sql-identity-repository.ts). */
import type { PromotionRepository, PromotionRequestQuery } from '../core/ports/promotion-repository.js';
import type { ModelPolicy, NewPromotionRequest, PromotionRequest, PromotionState, PromotionVote } from '../core/promotions/promotion-entities.js';
import * as promotions from './promotion-queries.js';
import { SqlSavedViewRepository } from './sql-saved-view-repository.js';

export class SqlPromotionRepository extends SqlSavedViewRepository implements PromotionRepository {
  findModelPolicy(modelName: string): Promise<ModelPolicy | undefined> {
    return promotions.findModelPolicy(this.db, modelName);
  }
  putModelPolicy(policy: ModelPolicy): Promise<void> {
    return promotions.putModelPolicy(this.db, policy);
  }
  deleteModelPolicy(modelName: string): Promise<boolean> {
    return promotions.deleteModelPolicy(this.db, modelName);
  }
  insertPromotionRequest(request: NewPromotionRequest): Promise<void> {
    return promotions.insertPromotionRequest(this.db, request);
  }
  findPromotionRequest(requestId: string): Promise<PromotionRequest | undefined> {
    return promotions.findPromotionRequest(this.db, requestId);
  }
  listPromotionRequests(query: PromotionRequestQuery): Promise<PromotionRequest[]> {
    return promotions.listPromotionRequests(this.db, query);
  }
  listExpiredPromotionRequests(now: number, limit: number): Promise<string[]> {
    return promotions.listExpiredPromotionRequests(this.db, now, limit);
  }
  addPromotionVote(requestId: string, vote: PromotionVote): Promise<boolean> {
    return promotions.addPromotionVote(this.db, requestId, vote);
  }
  closePromotionRequest(requestId: string, to: Exclude<PromotionState, 'pending'>, time: number, decidedBy: string): Promise<boolean> {
    return promotions.closePromotionRequest(this.db, requestId, to, time, decidedBy);
  }
}

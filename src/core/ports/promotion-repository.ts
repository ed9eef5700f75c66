/** Storage of model policies, promotion requests and their votes (migration 0014). */
import type { ModelPolicy, NewPromotionRequest, PromotionRequest, PromotionState, PromotionVote } from '../promotions/promotion-entities.js';

export interface PromotionRequestQuery {
  modelName?: string;
  state?: PromotionState;
  /** Newest first, at most this many. */
  maxResults: number;
}

export interface PromotionRepository {
  findModelPolicy(modelName: string): Promise<ModelPolicy | undefined>;
  /** Inserts or replaces the model's policy; nothing happens for an unknown model. */
  putModelPolicy(policy: ModelPolicy): Promise<void>;
  /** False when the model had none. */
  deleteModelPolicy(modelName: string): Promise<boolean>;

  /** Stores a new request in state `pending`. */
  insertPromotionRequest(request: NewPromotionRequest): Promise<void>;
  findPromotionRequest(requestId: string): Promise<PromotionRequest | undefined>;
  listPromotionRequests(query: PromotionRequestQuery): Promise<PromotionRequest[]>;
  /** Ids of pending requests whose expiry is at or before `now`, oldest first, at most `limit`. */
  listExpiredPromotionRequests(now: number, limit: number): Promise<string[]>;
  /** Records a vote unless this approver already voted on the request; false when they had. */
  addPromotionVote(requestId: string, vote: PromotionVote): Promise<boolean>;
  /**
   * Moves a pending request to `to`, conditioned on it still being pending: false when another
   * transaction (another replica) moved it first, so a request leaves `pending` exactly once.
   * `decidedBy` is who or what closed it (an approver, the canceller, `policy:auto`, `strata`).
   */
  closePromotionRequest(requestId: string, to: Exclude<PromotionState, 'pending'>, time: number, decidedBy: string): Promise<boolean>;
}

/** Policies and promotion requests to Strata's wire shapes (src/api/strata-promotions.ts). */
import type { ModelPolicyWire, PromotionRequestWire } from '../../api/strata-promotions.js';
import { countApprovals } from '../../core/promotions/approver-eligibility.js';
import { protectedAliasesDocument, ruleDocument } from '../../core/promotions/policy-document.js';
import type { ModelPolicy, PromotionRequest } from '../../core/promotions/promotion-entities.js';

export function policyToWire(policy: ModelPolicy): ModelPolicyWire {
  const wire: ModelPolicyWire = { name: policy.modelName, protected_aliases: protectedAliasesDocument(policy.protectedAliases) };
  if (policy.updatedBy !== '') {
    wire.updated_by = policy.updatedBy;
    wire.updated_time = policy.updatedTime;
  }
  return wire;
}

export function promotionToWire(request: PromotionRequest): PromotionRequestWire {
  return {
    request_id: request.requestId,
    model: request.modelName,
    version: String(request.version),
    alias: request.alias,
    reason: request.reason,
    state: request.state,
    requested_by: request.requestedBy,
    rule: ruleDocument(request.rule),
    created_time: request.createdTime,
    expires_time: request.expiresTime,
    ...(request.decidedTime === null ? {} : { decided_time: request.decidedTime }),
    votes: request.votes.map((vote) => ({ approver: vote.approver, decision: vote.decision, comment: vote.comment, time: vote.time })),
    approvals: countApprovals(request),
  };
}

/** Policies and promotion requests to Strata's wire shapes (src/api/strata-promotions.ts). */
import type { ModelPolicyWire, PromoteResponse, PromotionJustificationWire, PromotionRequestWire } from '../../api/strata-promotions.js';
import { countApprovals } from '../../core/promotions/approver-eligibility.js';
import { protectedAliasesDocument, ruleDocument } from '../../core/promotions/policy-document.js';
import type { ModelPolicy, PromotionJustification, PromotionRequest } from '../../core/promotions/promotion-entities.js';
import type { PromoteResult } from '../../core/services/promote-paths.js';

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
    ...(request.decidedBy === null ? {} : { decided_by: request.decidedBy }),
    ...(request.rollbackOfVersion === null ? {} : { rollback_of_version: String(request.rollbackOfVersion) }),
    ...(request.justification === undefined ? {} : { justification: justificationToWire(request.justification) }),
    votes: request.votes.map((vote) => ({ approver: vote.approver, decision: vote.decision, comment: vote.comment, time: vote.time })),
    approvals: countApprovals(request),
  };
}

export function justificationToWire(justification: PromotionJustification): PromotionJustificationWire {
  return {
    commit: justification.commit,
    datasets: justification.datasets.map(({ name, digest, context }) => ({ name, digest, context })),
    gates: justification.gates.map((g) => ({ gate: g.gate, result_id: g.resultId, status: g.status })),
    approvers: justification.approvers.map(({ approver, comment, time }) => ({ approver, comment, time })),
    request_id: justification.requestId,
    reason: justification.reason,
    ...(justification.rollbackOfVersion === undefined ? {} : { rollback_of_version: String(justification.rollbackOfVersion) }),
  };
}

export function promoteResultToWire(result: PromoteResult): PromoteResponse {
  return {
    outcome: result.outcome,
    name: result.modelName,
    alias: result.alias,
    version: String(result.version),
    ...(result.previousVersion === null ? {} : { previous_version: String(result.previousVersion) }),
    ...(result.rollbackOfVersion === null ? {} : { rollback_of_version: String(result.rollbackOfVersion) }),
    ...(result.request === undefined ? {} : { request: promotionToWire(result.request) }),
    ...(result.justification === undefined ? {} : { justification: justificationToWire(result.justification) }),
  };
}

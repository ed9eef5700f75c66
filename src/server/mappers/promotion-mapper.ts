/** Policies and promotion requests to Strata's wire shapes (src/api/strata-promotions.ts). */
import type { ModelPolicyWire, PromotionRequestWire, ProtectedAliasRuleWire } from '../../api/strata-promotions.js';
import { countApprovals } from '../../core/promotions/approver-eligibility.js';
import { formatDurationText } from '../../core/promotions/duration-text.js';
import type { ModelPolicy, PromotionRequest, ProtectedAliasRule } from '../../core/promotions/promotion-entities.js';

export function ruleToWire(rule: ProtectedAliasRule): ProtectedAliasRuleWire {
  const { gate, datasetLogged, gitCommit } = rule.conditions;
  return {
    approvals: rule.approvals,
    approvers: { users: rule.approvers.users, groups: rule.approvers.groups },
    allow_self_approval: rule.allowSelfApproval,
    expiry: formatDurationText(rule.expiryMs),
    conditions: { ...(gate === undefined ? {} : { gate }), dataset_logged: datasetLogged, git_commit: gitCommit },
  };
}

export function policyToWire(policy: ModelPolicy): ModelPolicyWire {
  const wire: ModelPolicyWire = { name: policy.modelName, protected_aliases: Object.fromEntries(policy.protectedAliases.map((rule) => [rule.alias, ruleToWire(rule)])) };
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
    rule: ruleToWire(request.rule),
    created_time: request.createdTime,
    expires_time: request.expiresTime,
    ...(request.decidedTime === null ? {} : { decided_time: request.decidedTime }),
    votes: request.votes.map((vote) => ({ approver: vote.approver, decision: vote.decision, comment: vote.comment, time: vote.time })),
    approvals: countApprovals(request),
  };
}

/**
 * The three ways a promotion moves (or asks to move) an alias, each run inside one transaction
 * under the model's lock by PromotionService.promote: an unprotected alias moves directly; a
 * protected alias whose rule is `auto` is applied at once when every condition holds (a request
 * created and closed `approved` by `policy:auto`); any other protected alias gets a request for
 * its approvers. Every move records its justification in the registry history.
 */
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { EvaluationGates } from '../promotions/evaluation-gates.js';
import { sourceRunOf } from '../promotions/promotion-conditions.js';
import { AUTO_DECIDER, type PromotionJustification, type PromotionRequest, type ProtectedAliasRule } from '../promotions/promotion-entities.js';
import { justify } from '../promotions/promotion-justification.js';
import { invalidParameter } from '../errors.js';
import { moveAlias } from './alias-move.js';
import type { PromotionOutcome } from './promotion-mutation.js';
import { audit, conflict, payload, refuseDuplicate, requireConditions } from './promotion-steps.js';
import { modelEntity, requireVersion } from './registry-mutation.js';
import type { RegistryEventInput } from './registry-events.js';

export type PromoteOutcomeKind = 'moved' | 'requested' | 'auto_approved';

export interface PromoteResult {
  outcome: PromoteOutcomeKind;
  modelName: string;
  alias: string;
  /** The version the alias moved to (or a request asks for). */
  version: number;
  /** The version the alias held before; null when it was unset. */
  previousVersion: number | null;
  /** A rollback: the version moved back from. */
  rollbackOfVersion: number | null;
  /** A request was made (requested) or made and applied (auto_approved). */
  request?: PromotionRequest;
  /** When the alias moved. */
  justification?: PromotionJustification;
}

/** What one promotion is: resolved inside the transaction (a rollback's version comes from the history). */
export interface PromoteTarget {
  modelName: string;
  alias: string;
  version: number;
  reason: string;
  /** Who asks: a verified user's name, else what the caller claimed. */
  requester: string;
  rollbackOfVersion: number | null;
  previousVersion: number | null;
  requestId: string;
  time: number;
}

const aliasCreated = (t: PromoteTarget): RegistryEventInput => ({ type: 'model_version_alias.created', payload: { name: t.modelName, alias: t.alias, version: t.version } });

function base(t: PromoteTarget, outcome: PromoteOutcomeKind): PromoteResult {
  return { outcome, modelName: t.modelName, alias: t.alias, version: t.version, previousVersion: t.previousVersion, rollbackOfVersion: t.rollbackOfVersion };
}

/** An unprotected alias: moved now, as a direct set would, with what justified it. */
export async function moveDirectly(tx: MetadataRepository, t: PromoteTarget): Promise<PromotionOutcome<PromoteResult>> {
  const version = await requireVersion(tx, t.modelName, t.version);
  const justification = justify({ run: await sourceRunOf(tx, version), gates: [], requestId: null, reason: t.reason, rollbackOfVersion: t.rollbackOfVersion });
  await moveAlias(tx, { name: t.modelName, alias: t.alias, version: t.version, actor: t.requester, time: t.time, justification });
  return {
    result: { ...base(t, 'moved'), justification },
    audits: [{
      action: 'registered_model.set_alias', ...modelEntity(t.modelName),
      summary: { alias: t.alias, version: t.version, previous: t.previousVersion, reason: t.reason, via: 'promote', ...(t.rollbackOfVersion === null ? {} : { rollback_of: t.rollbackOfVersion }) },
    }],
    events: [aliasCreated(t)],
  };
}

function newRequest(t: PromoteTarget, rule: ProtectedAliasRule): PromotionRequest {
  return {
    requestId: t.requestId, modelName: t.modelName, version: t.version, alias: t.alias, reason: t.reason, state: 'pending',
    requestedBy: t.requester, rule, createdTime: t.time, expiresTime: t.time + rule.expiryMs, decidedTime: null, decidedBy: null,
    rollbackOfVersion: t.rollbackOfVersion, votes: [],
  };
}

/** An auto rule: every condition holds (else 409 naming each), and the request is made, approved by the policy and applied at once. */
export async function applyAutomatically(tx: MetadataRepository, gates: EvaluationGates, t: PromoteTarget, rule: ProtectedAliasRule): Promise<PromotionOutcome<PromoteResult>> {
  const check = await requireConditions(tx, gates, { modelName: t.modelName, version: t.version, rule }, 'Cannot promote automatically');
  const pending = newRequest(t, rule);
  await tx.insertPromotionRequest(pending);
  if (!(await tx.closePromotionRequest(t.requestId, 'approved', t.time, AUTO_DECIDER))) throw conflict(`Promotion request ${t.requestId} was decided by someone else first.`);
  const justification = justify({ run: check.run, gates: check.passedGates, requestId: t.requestId, reason: t.reason, rollbackOfVersion: t.rollbackOfVersion });
  await moveAlias(tx, { name: t.modelName, alias: t.alias, version: t.version, actor: AUTO_DECIDER, time: t.time, requestId: t.requestId, justification });
  const request: PromotionRequest = { ...pending, state: 'approved', decidedTime: t.time, decidedBy: AUTO_DECIDER, justification };
  const gateNames = check.passedGates.map((g) => g.gate);
  return {
    result: { ...base(t, 'auto_approved'), request, justification },
    audits: [
      audit(request, 'create', { reason: t.reason, expires_time: request.expiresTime }),
      audit(request, 'apply', { previous: t.previousVersion, approvers: [], decided_by: AUTO_DECIDER, gates: gateNames }),
    ],
    events: [
      { type: 'promotion_request.created', payload: payload(request, 'pending', { requiredApprovals: 0, expiresTime: request.expiresTime }) },
      { type: 'promotion_request.applied', payload: payload(request, 'approved', { previousVersion: t.previousVersion, decidedBy: AUTO_DECIDER }) },
      aliasCreated(t),
    ],
  };
}

/** A protected alias with approvers: a pending request, refused now when a condition is unmet. */
export async function openRequest(tx: MetadataRepository, gates: EvaluationGates, t: PromoteTarget, rule: ProtectedAliasRule): Promise<PromotionOutcome<PromoteResult>> {
  if (t.reason === '') throw invalidParameter('A promotion request needs a reason: its approvers read it.');
  await requireConditions(tx, gates, { modelName: t.modelName, version: t.version, rule }, 'Cannot request this promotion');
  await refuseDuplicate(tx, t);
  const request = newRequest(t, rule);
  await tx.insertPromotionRequest(request);
  return {
    result: { ...base(t, 'requested'), request },
    audits: [audit(request, 'create', { reason: t.reason, expires_time: request.expiresTime, ...(t.rollbackOfVersion === null ? {} : { rollback_of: t.rollbackOfVersion }) })],
    events: [{ type: 'promotion_request.created', payload: payload(request, 'pending', { requiredApprovals: rule.approvals, expiresTime: request.expiresTime }) }],
  };
}

/**
 * Promotion requests: the only way a protected alias moves. A request names a version and a
 * protected alias; eligible approvers approve or reject it; the approval that reaches the
 * rule's count moves the alias in its own transaction, so the move happens exactly once
 * however many approvals race on however many replicas (the model's lock serializes them, and
 * the request leaves `pending` through a conditional update). Requests past their expiry are
 * marked expired lazily, before any read or decision. `promote` is the one entry point for
 * every alias move by promotion (direct, request, auto, rollback; promote-paths.ts).
 */
import { MAX_PROMOTIONS_PER_PAGE } from '../../api/strata-promotions.js';
import type { Principal } from '../auth/principal.js';
import type { AuditEventInput } from '../entities.js';
import { invalidParameter, notFound, StrataError } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { countApprovals, requireEligibleApprover } from '../promotions/approver-eligibility.js';
import type { EvaluationGates } from '../promotions/evaluation-gates.js';
import type { PromotionRequest, PromotionState } from '../promotions/promotion-entities.js';
import { RECORDED_EVALUATION_GATES } from '../promotions/recorded-evaluation-gates.js';
import { PROMOTION_STATES } from '../promotions/promotion-entities.js';
import { justify } from '../promotions/promotion-justification.js';
import { rollbackTarget } from '../promotions/rollback-target.js';
import { validateAliasName } from '../registry-validation.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { moveAlias } from './alias-move.js';
import { applyAutomatically, moveDirectly, openRequest, type PromoteResult, type PromoteTarget } from './promote-paths.js';
import { mutatePromotion, type PromotionOutcome } from './promotion-mutation.js';
import { audit, conflict, findRule, payload, reasonText, requesterName, requireConditions } from './promotion-steps.js';
import type { RegistryEventInput } from './registry-events.js';
import { requireModel, type RegistryDeps } from './registry-mutation.js';
import type { Actor } from './service-deps.js';

export interface CreatePromotionInput {
  modelName: string;
  version: number;
  alias: string;
  reason: string;
}

/** One promotion: a version, or (rollback) the alias's previous holder from its history. */
export interface PromoteInput {
  modelName: string;
  alias: string;
  version?: number;
  reason?: string;
  rollback?: boolean;
  /** Audit events of the caller's own (a deployment rollback) to commit with the promotion, or not at all. */
  alsoAudit?: ReadonlyArray<Omit<AuditEventInput, 'actor'>>;
}

export interface ListPromotionsInput {
  modelName?: string;
  state?: string;
  maxResults?: number;
}

/** How many due requests one lazy sweep expires; the rest wait for the next read. */
const EXPIRY_SWEEP_LIMIT = 100;

function requestNotFound(requestId: string): StrataError {
  return notFound(`No promotion request with id=${shortenForMessage(requestId)} exists`);
}

function requirePending(request: PromotionRequest, time: number): void {
  if (request.state !== 'pending' && request.state !== 'expired') {
    throw conflict(`Promotion request ${request.requestId} is ${request.state}; only a pending request can be decided.`);
  }
  if (request.state === 'expired' || time >= request.expiresTime) {
    throw conflict(`Promotion request ${request.requestId} expired at ${new Date(request.expiresTime).toISOString()}; create a new request.`);
  }
}

function toState(value: string | undefined): PromotionState | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(PROMOTION_STATES as readonly string[]).includes(value)) throw invalidParameter(`state must be one of ${PROMOTION_STATES.join(', ')}, got '${shortenForMessage(value)}'`);
  return value as PromotionState;
}

/** What a promotion records as its reason when the caller gave none (a request for approvers always needs one). */
function defaultReason(rollbackOf: number | null, auto: boolean | undefined): string {
  if (rollbackOf !== null) return `roll back from version ${rollbackOf}`;
  return auto === true ? 'applied by the policy: every condition held' : auto === undefined ? 'direct move (the alias is not protected)' : '';
}

export class PromotionService {
  private readonly gates: EvaluationGates;

  constructor(private readonly deps: RegistryDeps & { gates?: EvaluationGates }) {
    this.gates = deps.gates ?? RECORDED_EVALUATION_GATES;
  }

  /** A request for a protected alias (POST /promotions); an auto rule's is applied at once. */
  async create(principal: Principal, actor: Actor, input: CreatePromotionInput): Promise<PromotionRequest> {
    if (reasonText(input.reason) === '') throw invalidParameter('A promotion request needs a reason.');
    const result = await this.promote(principal, actor, { ...input, requireProtected: true });
    if (result.request === undefined) throw new StrataError('INTERNAL_ERROR', 'a protected alias promotion made no request');
    return result.request;
  }

  /**
   * The one entry point for promotion: moves an unprotected alias directly, applies an auto
   * rule's promotion whose conditions hold, or opens a request for approvers. A rollback
   * resolves its version from the alias history inside the same transaction.
   */
  async promote(principal: Principal, actor: Actor, input: PromoteInput & { requireProtected?: boolean }): Promise<PromoteResult> {
    validateAliasName(input.alias);
    const reason = reasonText(input.reason);
    if (input.rollback === true && input.version !== undefined) throw invalidParameter('Give a version or rollback: true, not both (a rollback finds its version in the alias history).');
    if (input.rollback !== true && input.version === undefined) throw invalidParameter('A promotion needs a version (or rollback: true to move the alias back to its previous holder).');
    const requestId = globalThis.crypto.randomUUID().replaceAll('-', '');
    return mutatePromotion(this.deps, actor, input.modelName, async (tx, time) => {
      await requireModel(tx, input.modelName);
      const rule = await findRule(tx, input.modelName, input.alias);
      if (!rule && input.requireProtected) {
        throw invalidParameter(`Alias '${input.alias}' of registered model '${input.modelName}' is not protected by its policy; set it directly (no promotion request is needed).`);
      }
      const held = (await tx.findAliasVersion(input.modelName, input.alias)) ?? null;
      const rollback = input.rollback === true ? await rollbackTarget(tx, input.modelName, input.alias) : undefined;
      const version = rollback?.version ?? (input.version as number);
      if (held === version) throw conflict(`${input.modelName}@${input.alias} already points to version ${version}: there is nothing to promote.`);
      const rollbackOfVersion = rollback?.current ?? null;
      const target: PromoteTarget = {
        modelName: input.modelName, alias: input.alias, version, requester: requesterName(principal, actor), requestId, time,
        reason: reason === '' ? defaultReason(rollbackOfVersion, rule?.auto) : reason, rollbackOfVersion, previousVersion: held,
      };
      const outcome = !rule ? await moveDirectly(tx, target) : rule.auto ? await applyAutomatically(tx, this.gates, target, rule) : await openRequest(tx, this.gates, target, rule);
      return input.alsoAudit === undefined ? outcome : { ...outcome, audits: [...outcome.audits, ...input.alsoAudit] };
    });
  }

  async get(requestId: string): Promise<PromotionRequest> {
    await this.expireDue();
    const request = await this.deps.store.findPromotionRequest(requestId);
    if (!request) throw requestNotFound(requestId);
    return request;
  }

  async list(input: ListPromotionsInput): Promise<PromotionRequest[]> {
    const state = toState(input.state);
    const maxResults = input.maxResults ?? 100;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_PROMOTIONS_PER_PAGE) {
      throw invalidParameter(`max_results must be between 1 and ${MAX_PROMOTIONS_PER_PAGE}, got ${maxResults}`);
    }
    await this.expireDue();
    if (input.modelName !== undefined) await requireModel(this.deps.store, input.modelName);
    return this.deps.store.listPromotionRequests({ ...(input.modelName === undefined ? {} : { modelName: input.modelName }), ...(state === undefined ? {} : { state }), maxResults });
  }

  /**
   * Records the caller's approval; when it brings the request to the rule's count, the alias
   * moves in the same transaction. Approving twice counts once (the answer is the request as it is).
   */
  async approve(principal: Principal, actor: Actor, requestId: string, comment = ''): Promise<PromotionRequest> {
    const modelName = await this.modelOf(requestId);
    return mutatePromotion(this.deps, actor, modelName, async (tx, time) => {
      const request = await this.requireRequest(tx, requestId);
      requirePending(request, time);
      const approver = requireEligibleApprover(principal, request).username;
      const vote = { approver, decision: 'approve' as const, comment, time };
      if (!(await tx.addPromotionVote(requestId, vote))) return { result: request, audits: [], events: [] };
      let result: PromotionRequest = { ...request, votes: [...request.votes, vote] };
      const approvals = countApprovals(request) + 1;
      const audits = [audit(request, 'approve', { approver, comment, approvals, required: request.rule.approvals })];
      const events: RegistryEventInput[] = [
        { type: 'promotion_request.approved', payload: payload(request, 'pending', { approver, comment, approvals, requiredApprovals: request.rule.approvals }) },
      ];
      if (approvals >= request.rule.approvals) {
        const applied = await this.apply(tx, { ...request, votes: [...request.votes, vote] }, approver, time);
        result = applied.result;
        audits.push(...applied.audits);
        events.push(...applied.events);
      }
      return { result, audits, events };
    });
  }

  /** An eligible approver ends the request: the alias does not move. */
  async reject(principal: Principal, actor: Actor, requestId: string, comment = ''): Promise<PromotionRequest> {
    const modelName = await this.modelOf(requestId);
    return mutatePromotion(this.deps, actor, modelName, async (tx, time) => {
      const request = await this.requireRequest(tx, requestId);
      requirePending(request, time);
      const approver = requireEligibleApprover(principal, request).username;
      const vote = { approver, decision: 'reject' as const, comment, time };
      // An approver who approved earlier keeps that vote on record; the rejection still ends the request.
      const recorded = await tx.addPromotionVote(requestId, vote);
      await this.close(tx, requestId, 'rejected', time, approver);
      return {
        result: { ...request, state: 'rejected', decidedTime: time, decidedBy: approver, votes: recorded ? [...request.votes, vote] : request.votes },
        audits: [audit(request, 'reject', { approver, comment })],
        events: [{ type: 'promotion_request.rejected', payload: payload(request, 'rejected', { approver, comment }) }],
      };
    });
  }

  /** The requester (or an admin) withdraws a pending request. */
  async cancel(principal: Principal, actor: Actor, requestId: string, comment = ''): Promise<PromotionRequest> {
    const modelName = await this.modelOf(requestId);
    return mutatePromotion(this.deps, actor, modelName, async (tx, time) => {
      const request = await this.requireRequest(tx, requestId);
      requirePending(request, time);
      const isAdmin = principal.kind === 'user' && principal.admin;
      if (!isAdmin && requesterName(principal, actor) !== request.requestedBy) {
        throw new StrataError('PERMISSION_DENIED', `Only ${request.requestedBy}, who requested it, or an admin can cancel promotion request ${requestId}.`);
      }
      const canceller = requesterName(principal, actor);
      await this.close(tx, requestId, 'cancelled', time, canceller);
      return {
        result: { ...request, state: 'cancelled', decidedTime: time, decidedBy: canceller },
        audits: [audit(request, 'cancel', { comment })],
        events: [{ type: 'promotion_request.cancelled', payload: payload(request, 'cancelled', { comment }) }],
      };
    });
  }

  /** Marks pending requests past their expiry as expired (one audit and webhook event each); returns how many. */
  async expireDue(): Promise<number> {
    const due = await this.deps.store.listExpiredPromotionRequests(this.deps.clock.now(), EXPIRY_SWEEP_LIMIT);
    let expired = 0;
    for (const requestId of due) {
      const request = await this.deps.store.findPromotionRequest(requestId);
      if (!request) continue;
      const system: Actor = { name: 'strata' };
      const changed = await mutatePromotion(this.deps, system, request.modelName, async (tx, time) => {
        if (!(await tx.closePromotionRequest(requestId, 'expired', time, system.name))) return { result: false, audits: [], events: [] };
        return {
          result: true,
          audits: [audit(request, 'expire', { expires_time: request.expiresTime })],
          events: [{ type: 'promotion_request.expired' as const, payload: payload(request, 'expired', { expiresTime: request.expiresTime }) }],
        };
      });
      if (changed) expired += 1;
    }
    return expired;
  }

  private async modelOf(requestId: string): Promise<string> {
    await this.expireDue();
    const request = await this.deps.store.findPromotionRequest(requestId);
    if (!request) throw requestNotFound(requestId);
    return request.modelName;
  }

  private async requireRequest(tx: MetadataRepository, requestId: string): Promise<PromotionRequest> {
    const request = await tx.findPromotionRequest(requestId);
    if (!request) throw requestNotFound(requestId);
    return request;
  }

  private async close(tx: MetadataRepository, requestId: string, to: 'rejected' | 'cancelled', time: number, decidedBy: string): Promise<void> {
    if (!(await tx.closePromotionRequest(requestId, to, time, decidedBy))) throw conflict(`Promotion request ${requestId} was decided by someone else first.`);
  }

  /** The approval that reaches the rule's count: conditions re-checked, the request closed, the alias moved with its justification. */
  private async apply(tx: MetadataRepository, request: PromotionRequest, approver: string, time: number): Promise<PromotionOutcome<PromotionRequest>> {
    const { requestId } = request;
    const check = await requireConditions(tx, this.gates, { modelName: request.modelName, version: request.version, rule: request.rule }, `Cannot apply promotion request ${requestId}`);
    if (!(await tx.closePromotionRequest(requestId, 'approved', time, approver))) throw conflict(`Promotion request ${requestId} was decided by another approval first.`);
    const justification = justify({ run: check.run, gates: check.passedGates, votes: request.votes, requestId, reason: request.reason, rollbackOfVersion: request.rollbackOfVersion });
    const previous = await moveAlias(tx, { name: request.modelName, alias: request.alias, version: request.version, actor: approver, time, requestId, justification });
    const events: RegistryEventInput[] = [{ type: 'promotion_request.applied', payload: payload(request, 'approved', { previousVersion: previous ?? null }) }];
    if (previous !== request.version) events.push({ type: 'model_version_alias.created', payload: { name: request.modelName, alias: request.alias, version: request.version } });
    return {
      result: { ...request, state: 'approved', decidedTime: time, decidedBy: approver, justification },
      audits: [audit(request, 'apply', { previous: previous ?? null, approvers: request.votes.filter((v) => v.decision === 'approve').map((v) => v.approver) })],
      events,
    };
  }
}

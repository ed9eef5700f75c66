/**
 * Promotion requests: the only way a protected alias moves. A request names a version and a
 * protected alias; eligible approvers approve or reject it; the approval that reaches the
 * rule's count moves the alias in its own transaction, so the move happens exactly once
 * however many approvals race on however many replicas (the model's lock serializes them, and
 * the request leaves `pending` through a conditional update). Requests past their expiry are
 * marked expired lazily, before any read or decision.
 */
import { MAX_PROMOTION_REASON_LENGTH, MAX_PROMOTIONS_PER_PAGE } from '../../api/strata-promotions.js';
import type { Principal } from '../auth/principal.js';
import { alreadyExists, invalidParameter, notFound, StrataError } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { countApprovals, requireEligibleApprover } from '../promotions/approver-eligibility.js';
import type { EvaluationGates } from '../promotions/evaluation-gates.js';
import { RECORDED_EVALUATION_GATES } from '../promotions/recorded-evaluation-gates.js';
import { unmetConditions } from '../promotions/promotion-conditions.js';
import type { PromotionRequest, PromotionState, ProtectedAliasRule } from '../promotions/promotion-entities.js';
import { PROMOTION_STATES } from '../promotions/promotion-entities.js';
import { validateAliasName } from '../registry-validation.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { moveAlias } from './alias-move.js';
import { mutatePromotion } from './promotion-mutation.js';
import type { RegistryEventInput } from './registry-events.js';
import { modelEntity, requireModel, requireVersion, type RegistryDeps } from './registry-mutation.js';
import { type Actor, displayName } from './service-deps.js';

export interface CreatePromotionInput {
  modelName: string;
  version: number;
  alias: string;
  reason: string;
}

export interface ListPromotionsInput {
  modelName?: string;
  state?: string;
  maxResults?: number;
}

/** How many due requests one lazy sweep expires; the rest wait for the next read. */
const EXPIRY_SWEEP_LIMIT = 100;

const conflict = (message: string) => new StrataError('INVALID_STATE', message, 409);

function requestNotFound(requestId: string): StrataError {
  return notFound(`No promotion request with id=${shortenForMessage(requestId)} exists`);
}

/** The name a request records as its requester: a verified user's, else what the caller claimed. */
function requesterName(principal: Principal, actor: Actor): string {
  return principal.kind === 'user' ? principal.username : displayName(actor);
}

function payload(request: PromotionRequest, state: PromotionState, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestId: request.requestId, name: request.modelName, version: request.version, alias: request.alias,
    requestedBy: request.requestedBy, reason: request.reason, state, ...extra,
  };
}

function audit(request: PromotionRequest, action: string, summary: Record<string, unknown> = {}) {
  return { action: `promotion_request.${action}`, ...modelEntity(request.modelName), summary: { request_id: request.requestId, version: request.version, alias: request.alias, ...summary } };
}

function requirePending(request: PromotionRequest, time: number): void {
  if (request.state !== 'pending' && request.state !== 'expired') {
    throw conflict(`Promotion request ${request.requestId} is ${request.state}; only a pending request can be decided.`);
  }
  if (request.state === 'expired' || time >= request.expiresTime) {
    throw conflict(`Promotion request ${request.requestId} expired at ${new Date(request.expiresTime).toISOString()}; create a new request.`);
  }
}

/** One open request per (model, alias, version): a second would only split the approvers' votes. Race-free under the model's lock. */
async function refuseDuplicate(tx: MetadataRepository, input: CreatePromotionInput): Promise<void> {
  const pending = await tx.listPromotionRequests({ modelName: input.modelName, state: 'pending', maxResults: MAX_PROMOTIONS_PER_PAGE });
  const same = pending.find((r) => r.alias === input.alias && r.version === input.version);
  if (same) {
    throw alreadyExists(`Promotion request ${same.requestId} already asks to move ${input.modelName}@${input.alias} to version ${input.version}; approve or cancel it.`);
  }
}

function toState(value: string | undefined): PromotionState | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(PROMOTION_STATES as readonly string[]).includes(value)) throw invalidParameter(`state must be one of ${PROMOTION_STATES.join(', ')}, got '${shortenForMessage(value)}'`);
  return value as PromotionState;
}

export class PromotionService {
  private readonly gates: EvaluationGates;

  constructor(private readonly deps: RegistryDeps & { gates?: EvaluationGates }) {
    this.gates = deps.gates ?? RECORDED_EVALUATION_GATES;
  }

  async create(principal: Principal, actor: Actor, input: CreatePromotionInput): Promise<PromotionRequest> {
    validateAliasName(input.alias);
    const reason = input.reason.trim();
    if (reason === '') throw invalidParameter('A promotion request needs a reason.');
    if (reason.length > MAX_PROMOTION_REASON_LENGTH) throw invalidParameter(`A promotion request's reason has at most ${MAX_PROMOTION_REASON_LENGTH} characters.`);
    const requestId = globalThis.crypto.randomUUID().replaceAll('-', '');
    return mutatePromotion(this.deps, actor, input.modelName, async (tx, time) => {
      const rule = await this.requireRule(tx, input.modelName, input.alias);
      await this.requireConditions(tx, input.modelName, input.version, rule, 'Cannot request this promotion');
      await refuseDuplicate(tx, input);
      const request: PromotionRequest = {
        requestId, modelName: input.modelName, version: input.version, alias: input.alias, reason, state: 'pending',
        requestedBy: requesterName(principal, actor), rule, createdTime: time, expiresTime: time + rule.expiryMs, decidedTime: null, votes: [],
      };
      await tx.insertPromotionRequest(request);
      return {
        result: request,
        audits: [audit(request, 'create', { reason, expires_time: request.expiresTime })],
        events: [{ type: 'promotion_request.created', payload: payload(request, 'pending', { requiredApprovals: rule.approvals, expiresTime: request.expiresTime }) }],
      };
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
        await this.requireConditions(tx, request.modelName, request.version, request.rule, `Cannot apply promotion request ${requestId}`);
        if (!(await tx.closePromotionRequest(requestId, 'approved', time))) throw conflict(`Promotion request ${requestId} was decided by another approval first.`);
        result = { ...result, state: 'approved', decidedTime: time };
        const previous = await moveAlias(tx, { name: request.modelName, alias: request.alias, version: request.version, actor: approver, time, requestId });
        audits.push(audit(request, 'apply', { previous: previous ?? null, approvers: [...request.votes.map((v) => v.approver), approver] }));
        events.push({ type: 'promotion_request.applied', payload: payload(request, 'approved', { previousVersion: previous ?? null }) });
        if (previous !== request.version) events.push({ type: 'model_version_alias.created', payload: { name: request.modelName, alias: request.alias, version: request.version } });
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
      await this.close(tx, requestId, 'rejected', time);
      return {
        result: { ...request, state: 'rejected', decidedTime: time, votes: recorded ? [...request.votes, vote] : request.votes },
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
      await this.close(tx, requestId, 'cancelled', time);
      return {
        result: { ...request, state: 'cancelled', decidedTime: time },
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
        if (!(await tx.closePromotionRequest(requestId, 'expired', time))) return { result: false, audits: [], events: [] };
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

  private async close(tx: MetadataRepository, requestId: string, to: 'rejected' | 'cancelled', time: number): Promise<void> {
    if (!(await tx.closePromotionRequest(requestId, to, time))) throw conflict(`Promotion request ${requestId} was decided by someone else first.`);
  }

  private async requireRule(tx: MetadataRepository, modelName: string, alias: string): Promise<ProtectedAliasRule> {
    await requireModel(tx, modelName);
    const rule = (await tx.findModelPolicy(modelName))?.protectedAliases.find((r) => r.alias === alias);
    if (!rule) {
      throw invalidParameter(`Alias '${alias}' of registered model '${modelName}' is not protected by its policy; set it directly (no promotion request is needed).`);
    }
    return rule;
  }

  private async requireConditions(tx: MetadataRepository, modelName: string, versionNumber: number, rule: ProtectedAliasRule, what: string): Promise<void> {
    const version = await requireVersion(tx, modelName, versionNumber);
    if (version.currentStage === 'Archived') throw conflict(`${what}: version ${versionNumber} of '${modelName}' is archived.`);
    const unmet = await unmetConditions(tx, version, rule.conditions, this.gates);
    if (unmet.length > 0) {
      throw conflict(`${what}: the policy of ${modelName}@${rule.alias} requires conditions version ${versionNumber} does not meet: ${unmet.join('; ')}.`);
    }
  }
}

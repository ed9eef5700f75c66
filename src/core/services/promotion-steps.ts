/**
 * Steps shared by every way a promotion runs (a request, an approval that applies it, the
 * promote entry point's direct, auto and rollback paths), each inside the caller's transaction
 * under the model's lock: the records they write, and the checks they refuse with.
 */
import { MAX_PROMOTION_REASON_LENGTH, MAX_PROMOTIONS_PER_PAGE } from '../../api/strata-promotions.js';
import type { Principal } from '../auth/principal.js';
import type { AuditEventInput } from '../entities.js';
import { alreadyExists, invalidParameter, StrataError } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { EvaluationGates } from '../promotions/evaluation-gates.js';
import { checkConditions, type ConditionCheck } from '../promotions/promotion-conditions.js';
import type { PromotionRequest, PromotionState, ProtectedAliasRule } from '../promotions/promotion-entities.js';
import { modelEntity, requireVersion } from './registry-mutation.js';
import { type Actor, displayName } from './service-deps.js';

export const conflict = (message: string) => new StrataError('INVALID_STATE', message, 409);

/** The name a request records as its requester: a verified user's, else what the caller claimed. */
export function requesterName(principal: Principal, actor: Actor): string {
  return principal.kind === 'user' ? principal.username : displayName(actor);
}

/** Trimmed; empty when not given. Refused when too long. */
export function reasonText(reason: string | undefined): string {
  const text = (reason ?? '').trim();
  if (text.length > MAX_PROMOTION_REASON_LENGTH) throw invalidParameter(`A promotion request's reason has at most ${MAX_PROMOTION_REASON_LENGTH} characters.`);
  return text;
}

export function payload(request: PromotionRequest, state: PromotionState, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestId: request.requestId, name: request.modelName, version: request.version, alias: request.alias,
    requestedBy: request.requestedBy, reason: request.reason, state, ...extra,
  };
}

export function audit(request: PromotionRequest, action: string, summary: Record<string, unknown> = {}): Omit<AuditEventInput, 'actor'> {
  return { action: `promotion_request.${action}`, ...modelEntity(request.modelName), summary: { request_id: request.requestId, version: request.version, alias: request.alias, ...summary } };
}

/** One open request per (model, alias, version): a second would only split the approvers' votes. Race-free under the model's lock. */
export async function refuseDuplicate(tx: MetadataRepository, target: { modelName: string; alias: string; version: number }): Promise<void> {
  const pending = await tx.listPromotionRequests({ modelName: target.modelName, state: 'pending', maxResults: MAX_PROMOTIONS_PER_PAGE });
  const same = pending.find((r) => r.alias === target.alias && r.version === target.version);
  if (same) {
    throw alreadyExists(`Promotion request ${same.requestId} already asks to move ${target.modelName}@${target.alias} to version ${target.version}; approve or cancel it.`);
  }
}

/** The model's rule for `alias`; undefined when the alias is not protected. */
export async function findRule(tx: MetadataRepository, modelName: string, alias: string): Promise<ProtectedAliasRule | undefined> {
  return (await tx.findModelPolicy(modelName))?.protectedAliases.find((r) => r.alias === alias);
}

/** Every condition of the rule holds for the version, or 409 naming each unmet one. */
export async function requireConditions(
  tx: MetadataRepository,
  gates: EvaluationGates,
  target: { modelName: string; version: number; rule: ProtectedAliasRule },
  what: string,
): Promise<ConditionCheck> {
  const { modelName, rule } = target;
  const version = await requireVersion(tx, modelName, target.version);
  if (version.currentStage === 'Archived') throw conflict(`${what}: version ${target.version} of '${modelName}' is archived.`);
  const check = await checkConditions(tx, version, rule.conditions, gates);
  if (check.unmet.length > 0) {
    throw conflict(`${what}: the policy of ${modelName}@${rule.alias} requires conditions version ${target.version} does not meet: ${check.unmet.join('; ')}.`);
  }
  return check;
}

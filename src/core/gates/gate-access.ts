/**
 * What the gate service asks of authorization: the request's decisions on a target (the
 * server's RequestAccess satisfies it; auth off answers 'allowed' everywhere). Gates decide
 * in the service because one route reaches a run or a model, and recording needs more than
 * evaluating.
 */
import { notFoundFor, type AccessTarget } from '../auth/access-target.js';
import { permissionDenied, type AccessDecision } from '../auth/authorization-service.js';
import type { Role } from '../auth/principal.js';
import type { GrantResourceType, ReadableSet } from '../ports/grant-repository.js';

export interface GateAccess {
  check(target: AccessTarget, need: Role): Promise<AccessDecision>;
  readable(type: GrantResourceType): Promise<ReadableSet>;
}

/** Throws the target's own 404 when the caller may not read it, a 403 (with `why`) when it may read but lacks `need`. */
export async function requireAccess(access: GateAccess, target: AccessTarget, need: Role, why?: string): Promise<void> {
  const decision = await access.check(target, need);
  if (decision === 'allowed') return;
  if (decision === 'hidden') throw notFoundFor(target);
  throw permissionDenied(why ?? `You need the ${need} role on this ${target.kind} to do this.`);
}

export function isReadable(set: ReadableSet, key: string): boolean {
  return set.all || set.keys.includes(key);
}

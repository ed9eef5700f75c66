/** What the identity services need, and their one habit: a change and its audit event commit together. */
import { actorOf, type Principal } from '../auth/principal.js';
import type { Clock } from '../ports/clock.js';
import type { IdentityCrypto } from '../ports/identity-crypto.js';
import type { MetadataRepository, MetadataStore } from '../ports/metadata-store.js';

export interface IdentityDeps {
  store: MetadataStore;
  clock: Clock;
  crypto: IdentityCrypto;
}

export interface IdentityEvent {
  action: string;
  entityType: string;
  entityId: string;
  /** Never a secret: no password, token or session id, not even hashed. */
  summary: Record<string, unknown>;
}

/** Runs `fn` and records `event` (which may depend on fn's result), done by `caller`, in one transaction. */
export function auditedBy<T>(
  deps: IdentityDeps,
  caller: Principal,
  fn: (tx: MetadataRepository, time: number) => Promise<T>,
  event: (result: T) => IdentityEvent,
): Promise<T> {
  return deps.store.transaction(async (tx) => {
    const time = deps.clock.now();
    const result = await fn(tx, time);
    await tx.appendAuditEvent({ ...event(result), actor: actorOf(caller), time });
    return result;
  });
}

export const newIdentityId = (): string => globalThis.crypto.randomUUID().replaceAll('-', '');

/**
 * How every promotion change runs: like a registry mutation (registry-mutation.ts) — one
 * transaction that first takes the model's lock, so approvals of one model's requests are
 * serialized across replicas (PostgreSQL advisory lock; SQLite admits one writer) — but with
 * any number of audit events (an approval that applies its request is two: approve, apply),
 * each committing with the change and its webhook events, or none of them.
 */
import type { AuditEventInput } from '../entities.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { RegistryEventInput } from './registry-events.js';
import type { RegistryDeps } from './registry-mutation.js';
import { type Actor, displayName } from './service-deps.js';

export interface PromotionOutcome<T> {
  result: T;
  audits: Array<Omit<AuditEventInput, 'actor'>>;
  events: RegistryEventInput[];
}

export async function mutatePromotion<T>(
  deps: RegistryDeps,
  actor: Actor,
  modelName: string,
  fn: (tx: MetadataRepository, time: number) => Promise<PromotionOutcome<T>>,
): Promise<T> {
  return deps.store.transaction(async (tx) => {
    await tx.lockRegisteredModel(modelName);
    const time = deps.clock.now();
    const outcome = await fn(tx, time);
    for (const audit of outcome.audits) await tx.appendAuditEvent({ ...audit, actor, time });
    if (outcome.events.length > 0 && deps.onRegistryEvent) {
      await deps.onRegistryEvent(tx, outcome.events.map((event) => ({ ...event, actor: displayName(actor), time })));
    }
    return outcome.result;
  });
}

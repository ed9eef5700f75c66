/**
 * How every registry mutation runs: one transaction that first takes the lock of each
 * model it touches (so version numbers, alias moves and history stay consistent under
 * concurrency), then does the change, writes its audit event, and hands its domain
 * events to the listener, all committing together.
 */
import type { AuditEventInput } from '../entities.js';
import { notFound } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { RegistryRepository } from '../ports/registry-repository.js';
import type { ModelVersion, RegisteredModel } from '../registry-entities.js';
import type { RegistryEventInput, RegistryEventListener } from './registry-events.js';
import { type Actor, displayName, type ServiceDeps } from './service-deps.js';
import { shortenForMessage } from '../shorten-for-message.js';

export interface RegistryDeps extends ServiceDeps {
  /** Receives each mutation's domain events inside its transaction (webhooks' outbox). */
  onRegistryEvent?: RegistryEventListener;
}

export interface MutationOutcome<T> {
  result: T;
  audit: Omit<AuditEventInput, 'actor'>;
  events?: RegistryEventInput[];
}

export async function mutateRegistry<T>(
  deps: RegistryDeps,
  actor: Actor,
  modelNames: readonly string[],
  fn: (tx: MetadataRepository, time: number) => Promise<MutationOutcome<T>>,
): Promise<T> {
  return deps.store.transaction(async (tx) => {
    // Sorted, so two transactions that lock the same pair of names cannot deadlock.
    for (const name of [...new Set(modelNames)].sort()) await tx.lockRegisteredModel(name);
    const time = deps.clock.now();
    const outcome = await fn(tx, time);
    await tx.appendAuditEvent({ ...outcome.audit, actor, time });
    const events = outcome.events ?? [];
    if (events.length > 0 && deps.onRegistryEvent) {
      await deps.onRegistryEvent(tx, events.map((event) => ({ ...event, actor: displayName(actor), time })));
    }
    return outcome.result;
  });
}

export function modelNotFound(name: string): Error {
  return notFound(`Registered Model with name=${shortenForMessage(name)} not found`);
}

export function versionNotFound(name: string, version: number | string): Error {
  return notFound(`Model Version (name=${shortenForMessage(name)}, version=${version}) not found`);
}

export async function requireModel(repo: RegistryRepository, name: string): Promise<RegisteredModel> {
  const model = await repo.findRegisteredModel(name);
  if (!model) throw modelNotFound(name);
  return model;
}

/** The version, or RESOURCE_DOES_NOT_EXIST naming the model when it is the model that is missing. */
export async function requireVersion(repo: RegistryRepository, name: string, version: number): Promise<ModelVersion> {
  const found = await repo.findModelVersion(name, version);
  if (found) return found;
  if (!(await repo.findRegisteredModel(name))) throw modelNotFound(name);
  throw versionNotFound(name, version);
}

export const modelEntity = (name: string) => ({ entityType: 'registered_model', entityId: name });
export const versionEntity = (name: string, version: number) => ({ entityType: 'model_version', entityId: `${name}/${version}` });

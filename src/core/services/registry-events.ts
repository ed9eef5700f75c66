/**
 * Domain events of the model registry, named as MLflow 3's webhook events are. Every
 * mutation that a webhook could announce returns them; `RegistryEventListener` receives
 * them inside the mutation's transaction, so a durable outbox (webhook deliveries) commits
 * with the change or not at all. Nothing listens until webhooks are wired in.
 */
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { RegistryEventType } from '../registry-event-types.js';

// The names live apart (registry-event-types.ts) so webhook entities can name them without
// importing this file, which imports the store's port (a circle through core/ports).
export { REGISTRY_EVENT_TYPES, type RegistryEventType } from '../registry-event-types.js';

/** What a mutation reports; `payload` is snake_case-free domain data (name, version, alias…). */
export interface RegistryEventInput {
  type: RegistryEventType;
  payload: Record<string, unknown>;
}

export interface RegistryEvent extends RegistryEventInput {
  actor: string;
  /** Milliseconds since the epoch; the mutation's time. */
  time: number;
}

export type RegistryEventListener = (tx: MetadataRepository, events: RegistryEvent[]) => Promise<void>;

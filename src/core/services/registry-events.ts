/**
 * Domain events of the model registry, named as MLflow 3's webhook events are. Every
 * mutation that a webhook could announce returns them; `RegistryEventListener` receives
 * them inside the mutation's transaction, so a durable outbox (webhook deliveries) commits
 * with the change or not at all. Nothing listens until webhooks are wired in.
 */
import type { MetadataRepository } from '../ports/metadata-store.js';

export const REGISTRY_EVENT_TYPES = [
  'registered_model.created',
  'registered_model_tag.set',
  'registered_model_tag.deleted',
  'model_version.created',
  'model_version_tag.set',
  'model_version_tag.deleted',
  'model_version_alias.created',
  'model_version_alias.deleted',
  'model_version.stage_transitioned',
  // Strata's promotion workflow (protected aliases): same shape, entity `promotion_request`.
  'promotion_request.created',
  'promotion_request.approved',
  'promotion_request.rejected',
  'promotion_request.applied',
  'promotion_request.expired',
  'promotion_request.cancelled',
  // Strata's evaluation gates: a recorded gate result (entity `gate_result`).
  'gate_result.created',
] as const;

export type RegistryEventType = (typeof REGISTRY_EVENT_TYPES)[number];

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

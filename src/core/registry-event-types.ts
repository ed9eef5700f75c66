/**
 * The names of the registry's domain events, as MLflow 3's webhook events are named; webhooks
 * subscribe to them (services/registry-events.ts has the events themselves).
 */
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
  // Strata's deployment records: what a serving process did (entity `deployment`).
  'deployment.started',
  'deployment.switched',
  'deployment.switch_failed',
  'deployment.stopped',
] as const;

export type RegistryEventType = (typeof REGISTRY_EVENT_TYPES)[number];

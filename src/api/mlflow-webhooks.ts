/**
 * MLflow 3's webhook REST contract (mlflow/protos/webhooks.proto) as TypeScript, plus what
 * a receiver gets: the JSON envelope and the headers. Enums travel as proto enum names
 * (`MODEL_VERSION`, `CREATED`, `ACTIVE`); the secret goes in, never out.
 */
import type { MlflowEndpoint } from './mlflow-tracking.js';

export type WebhookStatusWire = 'ACTIVE' | 'DISABLED';

/** MLflow's entities and actions, plus Strata's extensions (registered-model tags, stage transitions, promotion requests, gate results, deployments). */
export type WebhookEntityWire =
  | 'REGISTERED_MODEL' | 'REGISTERED_MODEL_TAG' | 'MODEL_VERSION' | 'MODEL_VERSION_TAG' | 'MODEL_VERSION_ALIAS' | 'PROMOTION_REQUEST' | 'GATE_RESULT' | 'DEPLOYMENT';
export type WebhookActionWire =
  | 'CREATED' | 'UPDATED' | 'DELETED' | 'SET' | 'STAGE_TRANSITIONED'
  | 'APPROVED' | 'REJECTED' | 'APPLIED' | 'EXPIRED' | 'CANCELLED'
  | 'STARTED' | 'SWITCHED' | 'SWITCH_FAILED' | 'STOPPED';

export interface WebhookEventWire {
  entity: WebhookEntityWire;
  action: WebhookActionWire;
}

export interface WebhookWire {
  webhook_id: string;
  name: string;
  description?: string;
  url: string;
  events: WebhookEventWire[];
  status: WebhookStatusWire;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

export interface CreateWebhookRequest {
  name: string;
  url: string;
  events: WebhookEventWire[];
  description?: string;
  secret?: string;
  status?: WebhookStatusWire;
}

export interface UpdateWebhookRequest {
  name?: string;
  description?: string;
  url?: string;
  events?: WebhookEventWire[];
  secret?: string;
  status?: WebhookStatusWire;
}

export interface WebhookResponse {
  webhook: WebhookWire;
}

export interface ListWebhooksRequest {
  max_results?: number;
  page_token?: string;
}

export interface ListWebhooksResponse {
  webhooks?: WebhookWire[];
  next_page_token?: string;
}

export interface TestWebhookRequest {
  event?: WebhookEventWire;
}

export interface WebhookTestResultWire {
  success: boolean;
  response_status?: number;
  response_body?: string;
  error_message?: string;
}

export interface TestWebhookResponse {
  result: WebhookTestResultWire;
}

export const LIST_WEBHOOKS_MAX_RESULTS_DEFAULT = 100;
export const LIST_WEBHOOKS_MAX_RESULTS_THRESHOLD = 1000;

/** Paths under MLflow's prefixes; `:webhook_id` is a path parameter. */
export const MLFLOW_WEBHOOK_ENDPOINTS = {
  createWebhook: { methods: ['POST'], path: '/mlflow/webhooks' },
  listWebhooks: { methods: ['GET'], path: '/mlflow/webhooks' },
  getWebhook: { methods: ['GET'], path: '/mlflow/webhooks/:webhook_id' },
  updateWebhook: { methods: ['PATCH'], path: '/mlflow/webhooks/:webhook_id' },
  deleteWebhook: { methods: ['DELETE'], path: '/mlflow/webhooks/:webhook_id' },
  testWebhook: { methods: ['POST'], path: '/mlflow/webhooks/:webhook_id/test' },
} as const satisfies Record<string, MlflowEndpoint>;

export type MlflowWebhookEndpointName = keyof typeof MLFLOW_WEBHOOK_ENDPOINTS;

// ---------------------------------------------------------------- what a receiver gets

export const WEBHOOK_SIGNATURE_HEADER = 'X-MLflow-Signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'X-MLflow-Timestamp';
export const WEBHOOK_DELIVERY_ID_HEADER = 'X-MLflow-Delivery-Id';

/**
 * The POSTed body. `entity` and `action` are lowercase (`model_version`, `created`);
 * `timestamp` is the registry change's time, ISO-8601; `data` is the event's payload
 * (`version` as a string, tags as an object), as MLflow 3 sends it.
 */
export interface WebhookEnvelope {
  entity: string;
  action: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * Strata's webhook delivery log under /api/strata/v1: every delivery the outbox holds for
 * a webhook, with every attempt (status code, truncated response, error).
 */

export type DeliveryStatusWire = 'pending' | 'succeeded' | 'failed';

export interface DeliveryAttemptWire {
  attempt: number;
  /** When the attempt started, ms since the epoch. */
  time: number;
  duration_ms: number;
  status_code?: number;
  /** The receiver's response body, truncated. */
  response?: string;
  error?: string;
  outcome: 'succeeded' | 'retry' | 'failed';
}

export interface WebhookDeliveryWire {
  delivery_id: string;
  webhook_id: string;
  /** e.g. `model_version.created`. */
  event: string;
  /** The `data` the receiver gets (MLflow's payload shape). */
  payload: Record<string, unknown>;
  status: DeliveryStatusWire;
  attempts: number;
  /** When a pending delivery is next due. */
  next_attempt_at?: number;
  last_status_code?: number;
  last_response?: string;
  last_error?: string;
  created_at: number;
  delivered_at?: number;
  attempt_log: DeliveryAttemptWire[];
}

/** `GET /api/strata/v1/webhooks/:webhook_id/deliveries?status=&max_results=&page_token=` (newest first). */
export interface ListWebhookDeliveriesRequest {
  status?: DeliveryStatusWire;
  max_results?: number;
  page_token?: string;
}

export interface ListWebhookDeliveriesResponse {
  deliveries: WebhookDeliveryWire[];
  next_page_token?: string;
}

export const LIST_DELIVERIES_MAX_RESULTS_DEFAULT = 100;
export const LIST_DELIVERIES_MAX_RESULTS_THRESHOLD = 1000;

export const STRATA_WEBHOOK_ENDPOINTS = {
  listWebhookDeliveries: { methods: ['GET'], path: '/webhooks/:webhook_id/deliveries' },
} as const;

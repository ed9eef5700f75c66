/**
 * Sends one webhook request: the server's implementation writes MLflow's JSON envelope,
 * signs it and POSTs it with a timeout. Never throws: a failure is a result. It checks the
 * destination (WebhookDestinations) on every call and connects to the very address it
 * checked; a refused destination is an error result and no request is made.
 */
import type { WebhookEventName } from '../webhooks/webhook-entities.js';

export interface WebhookMessage {
  url: string;
  secret: string | null;
  deliveryId: string;
  event: WebhookEventName;
  /** The domain event's payload (the sender maps it to MLflow's `data`). */
  payload: Record<string, unknown>;
  /** When the registry change happened, ms since the epoch (the envelope's timestamp). */
  eventTime: number;
}

export interface WebhookSendResult {
  /** null when no response arrived (refused, timed out, aborted). */
  statusCode: number | null;
  /** A short excerpt of the response body, never all of it (see responseExcerpt). */
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  /** True when `signal` aborted the request (shutdown), not the receiver. */
  aborted: boolean;
}

export interface WebhookSender {
  send(message: WebhookMessage, options: { timeoutMs: number; signal?: AbortSignal }): Promise<WebhookSendResult>;
}

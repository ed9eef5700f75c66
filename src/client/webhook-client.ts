/**
 * MLflow 3's webhook API over HTTP (create, list, get, update, delete, test) and Strata's
 * delivery log. Works against an MLflow 3 server too, except `listDeliveries`.
 */
import { MLFLOW_API_PREFIXES } from '../api/mlflow-tracking.js';
import type {
  CreateWebhookRequest,
  ListWebhooksRequest,
  ListWebhooksResponse,
  TestWebhookResponse,
  UpdateWebhookRequest,
  WebhookEventWire,
  WebhookResponse,
} from '../api/mlflow-webhooks.js';
import type { ListWebhookDeliveriesRequest, ListWebhookDeliveriesResponse } from '../api/strata-webhooks.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { HttpTransport, type HttpTransportOptions } from './http-transport.js';

const WEBHOOKS = `${MLFLOW_API_PREFIXES[0]}/mlflow/webhooks`;

export class WebhookClient {
  private readonly transport: HttpTransport;

  constructor(options: HttpTransportOptions) {
    this.transport = new HttpTransport(options);
  }

  /** The secret, if given, signs every delivery; the server never returns it. */
  createWebhook(request: CreateWebhookRequest): Promise<WebhookResponse> {
    return this.transport.send({ method: 'POST', path: WEBHOOKS, body: request, safety: 'create' }) as Promise<WebhookResponse>;
  }

  listWebhooks(request: ListWebhooksRequest = {}): Promise<ListWebhooksResponse> {
    return this.transport.send({ method: 'GET', path: WEBHOOKS, body: request, safety: 'idempotent' }) as Promise<ListWebhooksResponse>;
  }

  getWebhook(webhookId: string): Promise<WebhookResponse> {
    return this.transport.send({ method: 'GET', path: this.path(webhookId), body: {}, safety: 'idempotent' }) as Promise<WebhookResponse>;
  }

  updateWebhook(webhookId: string, request: UpdateWebhookRequest): Promise<WebhookResponse> {
    return this.transport.send({ method: 'PATCH', path: this.path(webhookId), body: request, safety: 'idempotent' }) as Promise<WebhookResponse>;
  }

  async deleteWebhook(webhookId: string): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: this.path(webhookId), body: {}, safety: 'idempotent' });
  }

  /** Sends an example payload of `event` (default: the webhook's first event) now. */
  testWebhook(webhookId: string, event?: WebhookEventWire): Promise<TestWebhookResponse> {
    const body = event ? { event } : {};
    return this.transport.send({ method: 'POST', path: `${this.path(webhookId)}/test`, body, safety: 'create' }) as Promise<TestWebhookResponse>;
  }

  /** Newest first, each with its attempts (status code, truncated response, error). */
  listDeliveries(webhookId: string, request: ListWebhookDeliveriesRequest = {}): Promise<ListWebhookDeliveriesResponse> {
    const path = `${STRATA_API_PREFIX}/webhooks/${encodeURIComponent(webhookId)}/deliveries`;
    return this.transport.send({ method: 'GET', path, body: request, safety: 'idempotent' }) as Promise<ListWebhookDeliveriesResponse>;
  }

  private path(webhookId: string): string {
    return `${WEBHOOKS}/${encodeURIComponent(webhookId)}`;
  }
}

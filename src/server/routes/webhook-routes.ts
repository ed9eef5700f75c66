/**
 * MLflow 3's webhook endpoints and Strata's delivery log. `webhook_id` comes from the
 * path (the adapter, api-route-handler.ts, merges path parameters into the fields).
 */
import {
  LIST_WEBHOOKS_MAX_RESULTS_DEFAULT,
  LIST_WEBHOOKS_MAX_RESULTS_THRESHOLD,
  type MlflowWebhookEndpointName,
} from '../../api/mlflow-webhooks.js';
import {
  LIST_DELIVERIES_MAX_RESULTS_DEFAULT,
  LIST_DELIVERIES_MAX_RESULTS_THRESHOLD,
  type ListWebhookDeliveriesResponse,
} from '../../api/strata-webhooks.js';
import { invalidParameter } from '../../core/errors.js';
import type { DeliveryStatus } from '../../core/webhooks/webhook-entities.js';
import type { WebhookService } from '../../core/webhooks/webhook-service.js';
import { deliveryToWire, eventFromWire, testResultToWire, webhookToWire } from '../mappers/webhook-mapper.js';
import type { RequestFields } from '../request-fields.js';
import { type ApiHandler, EMPTY } from './api-handler.js';

function events(fields: RequestFields): string[] | undefined {
  const raw = fields.raw('events');
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw invalidParameter(`Invalid value for parameter 'events': expected a list of {entity, action}.`);
  return raw.map(eventFromWire);
}

function maxResults(fields: RequestFields, fallback: number, threshold: number): number {
  const value = fields.int64('max_results') ?? fallback;
  if (value < 1 || value > threshold) {
    throw invalidParameter(`Invalid value ${value} for parameter 'max_results': expected a number from 1 to ${threshold}.`);
  }
  return value;
}

const DELIVERY_STATUSES: readonly string[] = ['pending', 'succeeded', 'failed'];

function deliveryStatus(fields: RequestFields): DeliveryStatus | undefined {
  const status = fields.string('status') || undefined;
  if (status !== undefined && !DELIVERY_STATUSES.includes(status)) {
    throw invalidParameter(`Invalid delivery status '${status}'. Valid statuses: ${DELIVERY_STATUSES.join(', ')}.`);
  }
  return status as DeliveryStatus | undefined;
}

export function webhookRoutes(webhooks: WebhookService): Record<MlflowWebhookEndpointName | 'listWebhookDeliveries', ApiHandler> {
  return {
    createWebhook: async ({ fields, actor }) => ({
      webhook: webhookToWire(
        await webhooks.create(actor, {
          name: fields.requiredString('name'),
          url: fields.requiredString('url'),
          events: events(fields) ?? [],
          description: fields.string('description'),
          secret: fields.string('secret'),
          status: fields.string('status'),
        }),
      ),
    }),
    listWebhooks: async ({ fields, access }) => {
      const readable = await access.readable('webhook');
      const page = await webhooks.list({
        ...(readable.all ? {} : { onlyIds: readable.keys }),
        maxResults: maxResults(fields, LIST_WEBHOOKS_MAX_RESULTS_DEFAULT, LIST_WEBHOOKS_MAX_RESULTS_THRESHOLD),
        pageToken: fields.string('page_token') || undefined,
      });
      return {
        ...(page.items.length > 0 ? { webhooks: page.items.map(webhookToWire) } : {}),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
    getWebhook: async ({ fields }) => ({ webhook: webhookToWire(await webhooks.get(fields.requiredString('webhook_id'))) }),
    updateWebhook: async ({ fields, actor }) => ({
      webhook: webhookToWire(
        await webhooks.update(actor, fields.requiredString('webhook_id'), {
          name: fields.string('name'),
          url: fields.string('url'),
          events: events(fields),
          description: fields.string('description'),
          secret: fields.string('secret'),
          status: fields.string('status'),
        }),
      ),
    }),
    deleteWebhook: async ({ fields, actor }) => {
      await webhooks.delete(actor, fields.requiredString('webhook_id'));
      return EMPTY;
    },
    testWebhook: async ({ fields }) => {
      const event = fields.raw('event');
      const result = await webhooks.test(fields.requiredString('webhook_id'), event === undefined || event === null ? undefined : eventFromWire(event));
      return { result: testResultToWire(result) };
    },
    listWebhookDeliveries: async ({ fields }): Promise<ListWebhookDeliveriesResponse> => {
      const page = await webhooks.listDeliveries({
        webhookId: fields.requiredString('webhook_id'),
        status: deliveryStatus(fields),
        maxResults: maxResults(fields, LIST_DELIVERIES_MAX_RESULTS_DEFAULT, LIST_DELIVERIES_MAX_RESULTS_THRESHOLD),
        pageToken: fields.string('page_token') || undefined,
      });
      return { deliveries: page.items.map(deliveryToWire), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
    },
  };
}

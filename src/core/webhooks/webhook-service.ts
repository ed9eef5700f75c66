/**
 * Webhooks: MLflow 3's create/list/get/update/delete/test, the outbox that turns registry
 * events into durable deliveries (inside the registry change's transaction), and the
 * delivery log. Sending happens elsewhere (the server's dispatcher); `test` sends at once
 * through the WebhookSender port, as MLflow's test endpoint does.
 */
import type { Page } from '../entities.js';
import { invalidParameter, notFound } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { NewWebhookDelivery, WebhookDeliveryQuery, WebhookListQuery, WebhookUpdate } from '../ports/webhook-repository.js';
import type { WebhookDestinations } from '../ports/webhook-destinations.js';
import type { WebhookSender } from '../ports/webhook-sender.js';
import type { RegistryEvent } from '../services/registry-events.js';
import type { Actor, ServiceDeps } from '../services/service-deps.js';
import { DEFAULT_DELIVERY_POLICY, responseExcerpt, type DeliveryPolicy } from './delivery-policy.js';
import type { Webhook, WebhookDelivery, WebhookEventName, WebhookStatus, WebhookWithSecret } from './webhook-entities.js';
import { WEBHOOK_EXAMPLE_PAYLOADS } from './webhook-examples.js';
import { redactUrlCredentials } from './webhook-url-credentials.js';
import * as check from './webhook-validation.js';

export interface WebhookServiceDeps extends Pick<ServiceDeps, 'store' | 'clock'> {
  sender: WebhookSender;
  /** Asked whenever a URL is set; the sender asks again before every request. */
  destinations: WebhookDestinations;
  policy?: DeliveryPolicy;
  /** Called after deliveries were enqueued (still inside the transaction): wakes the dispatcher. */
  onEnqueued?: () => void;
  newId?: () => string;
}

export interface CreateWebhookInput {
  name: string;
  url: string;
  events: string[];
  description?: string;
  secret?: string;
  status?: string;
}

export interface UpdateWebhookInput {
  name?: string;
  url?: string;
  /** Empty or absent: unchanged (proto2 repeated fields cannot say "set to nothing"). */
  events?: string[];
  description?: string;
  /** Empty string: remove the secret (deliveries go unsigned). */
  secret?: string;
  status?: string;
}

export interface WebhookTestResult {
  success: boolean;
  responseStatus: number | null;
  responseBody: string | null;
  errorMessage: string | null;
}

const uuidHex = (): string => globalThis.crypto.randomUUID().replaceAll('-', '');

/**
 * The API's view: the secret is never returned, not even by create, and credentials in a
 * URL stored before they were refused are masked.
 */
function publicView({ secret: _secret, ...webhook }: Webhook & { secret?: string | null }): Webhook {
  return { ...webhook, url: redactUrlCredentials(webhook.url) };
}

export class WebhookService {
  private readonly policy: DeliveryPolicy;
  private readonly newId: () => string;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.policy = deps.policy ?? DEFAULT_DELIVERY_POLICY;
    this.newId = deps.newId ?? uuidHex;
  }

  async create(actor: Actor, input: CreateWebhookInput): Promise<Webhook> {
    const time = this.deps.clock.now();
    const webhook: WebhookWithSecret = {
      webhookId: this.newId(),
      name: check.validateWebhookName(input.name),
      description: input.description ? check.validateWebhookDescription(input.description) : null,
      url: check.validateWebhookUrl(input.url),
      events: check.validateWebhookEvents(input.events),
      status: input.status ? check.validateWebhookStatus(input.status) : 'ACTIVE',
      secret: input.secret ? check.validateWebhookSecret(input.secret) : null,
      creationTime: time,
      lastUpdatedTime: time,
    };
    await this.requireAllowedDestination(webhook.url);
    await this.deps.store.transaction(async (tx) => {
      await tx.createWebhook(webhook);
      const { url, name, events } = publicView(webhook);
      await this.audit(tx, actor, 'webhook.create', webhook.webhookId, time, { name, url, events });
    });
    return publicView(webhook);
  }

  async get(webhookId: string): Promise<Webhook> {
    return publicView(await this.require(this.deps.store, webhookId));
  }

  async list(query: WebhookListQuery): Promise<Page<Webhook>> {
    const page = await this.deps.store.listWebhooks(query);
    return { ...page, items: page.items.map(publicView) };
  }

  async update(actor: Actor, webhookId: string, input: UpdateWebhookInput): Promise<Webhook> {
    const update = this.validUpdate(input);
    if (update.url !== undefined) await this.requireAllowedDestination(update.url);
    return this.deps.store.transaction(async (tx) => {
      await this.require(tx, webhookId);
      await tx.updateWebhook(webhookId, update);
      const { lastUpdatedTime, secret, ...changed } = update;
      const summary = { ...changed, ...(secret !== undefined ? { secret: secret === null ? 'removed' : 'changed' } : {}) };
      await this.audit(tx, actor, 'webhook.update', webhookId, lastUpdatedTime, summary);
      return publicView(await this.require(tx, webhookId));
    });
  }

  async delete(actor: Actor, webhookId: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const existing = await this.require(tx, webhookId);
      await tx.deleteWebhook(webhookId);
      await this.audit(tx, actor, 'webhook.delete', webhookId, this.deps.clock.now(), { name: existing.name });
    });
  }

  /** Sends an example payload of `event` (default: the webhook's first event) now; nothing is queued. */
  async test(webhookId: string, event?: string): Promise<WebhookTestResult> {
    const webhook = await this.require(this.deps.store, webhookId);
    const [testEvent] = event ? check.validateWebhookEvents([event]) : webhook.events;
    const name = testEvent as WebhookEventName;
    const result = await this.deps.sender.send(
      {
        url: webhook.url,
        secret: webhook.secret,
        deliveryId: globalThis.crypto.randomUUID(),
        event: name,
        payload: WEBHOOK_EXAMPLE_PAYLOADS[name],
        eventTime: this.deps.clock.now(),
      },
      { timeoutMs: this.policy.timeoutMs },
    );
    return {
      success: result.statusCode !== null && result.statusCode < 400,
      responseStatus: result.statusCode,
      responseBody: result.responseBody === null ? null : responseExcerpt(result.responseBody, this.policy.maxResponseChars),
      errorMessage: result.error === null ? null : `Failed to test webhook: ${result.error}`,
    };
  }

  async listDeliveries(query: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>> {
    await this.require(this.deps.store, query.webhookId);
    return this.deps.store.listWebhookDeliveries(query);
  }

  /**
   * The registry's event listener: one pending delivery per (event, subscribed active
   * webhook), written in the registry change's own transaction.
   */
  readonly outbox = async (tx: MetadataRepository, events: RegistryEvent[]): Promise<void> => {
    const webhooks = await tx.listActiveWebhooks();
    if (webhooks.length === 0) return;
    const deliveries: NewWebhookDelivery[] = events.flatMap((event) =>
      webhooks
        .filter((webhook) => webhook.events.includes(event.type))
        .map((webhook) => ({
          deliveryId: globalThis.crypto.randomUUID(),
          webhookId: webhook.webhookId,
          event: event.type,
          payload: event.payload,
          createdAt: event.time,
        })),
    );
    if (deliveries.length === 0) return;
    await tx.enqueueWebhookDeliveries(deliveries);
    this.deps.onEnqueued?.();
  };

  private validUpdate(input: UpdateWebhookInput): WebhookUpdate {
    const update: WebhookUpdate = { lastUpdatedTime: this.deps.clock.now() };
    if (input.name) update.name = check.validateWebhookName(input.name);
    if (input.url) update.url = check.validateWebhookUrl(input.url);
    if (input.events && input.events.length > 0) update.events = check.validateWebhookEvents(input.events);
    if (input.description !== undefined) update.description = input.description ? check.validateWebhookDescription(input.description) : null;
    if (input.secret !== undefined) update.secret = input.secret ? check.validateWebhookSecret(input.secret) : null;
    if (input.status) update.status = check.validateWebhookStatus(input.status) satisfies WebhookStatus;
    return update;
  }

  /** Refuses a URL the server may not send to, with the reason (before anything is written). */
  private async requireAllowedDestination(url: string): Promise<void> {
    const reason = await this.deps.destinations.whyRefused(url);
    if (reason !== undefined) throw invalidParameter(`Invalid webhook URL '${redactUrlCredentials(url)}': ${reason}.`);
  }

  private async require(repo: Pick<MetadataRepository, 'findWebhook'>, webhookId: string): Promise<WebhookWithSecret> {
    const webhook = await repo.findWebhook(webhookId);
    if (!webhook) throw notFound(`Webhook with ID ${webhookId} not found.`);
    return webhook;
  }

  private audit(tx: MetadataRepository, actor: Actor, action: string, webhookId: string, time: number, summary: Record<string, unknown>) {
    return tx.appendAuditEvent({ actor, action, entityType: 'webhook', entityId: webhookId, summary, time });
  }
}

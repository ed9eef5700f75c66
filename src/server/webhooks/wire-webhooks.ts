/**
 * Webhooks as the server runs them: the service (API + outbox listener for the registry)
 * and the dispatcher that delivers the outbox in this process. `start` after listening,
 * `stop` before the store closes.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { MetadataStore } from '../../core/ports/metadata-store.js';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from '../../core/webhooks/delivery-policy.js';
import { WebhookService } from '../../core/webhooks/webhook-service.js';
import { createHttpWebhookSender } from './http-webhook-sender.js';
import type { ResolveHost, WebhookDestinationGuard } from './webhook-destination-guard.js';
import { DEFAULT_DISPATCH, WebhookDispatcher } from './webhook-dispatcher.js';

export interface WebhookServerOptions {
  /** false: deliveries are queued but this process sends none (another replica may). */
  deliver?: boolean;
  policy?: Partial<DeliveryPolicy>;
  pollIntervalMs?: number;
  concurrency?: number;
  /** Where the per-attempt log lines go; stderr by default. */
  log?: (line: string) => void;
  /**
   * Internal destinations webhooks may reach anyway (host names, IPs, CIDR ranges), on top
   * of the server config's --webhook-allowed-hosts; tests list their loopback receiver here.
   * startServer builds the destination guard from these two.
   */
  allowedHosts?: readonly string[];
  /** How destination host names are resolved; the system resolver unless a test injects one. */
  resolveHost?: ResolveHost;
}

export interface ServerWebhooks {
  service: WebhookService;
  start(): void;
  stop(): Promise<void>;
}

export function wireWebhooks(
  store: MetadataStore,
  clock: Clock,
  destinations: WebhookDestinationGuard,
  options: WebhookServerOptions = {},
): ServerWebhooks {
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
  const sender = createHttpWebhookSender({ maxResponseChars: policy.maxResponseChars, destinations });
  const dispatcher =
    options.deliver === false
      ? undefined
      : new WebhookDispatcher(store, sender, clock, {
        policy,
        pollIntervalMs: options.pollIntervalMs ?? DEFAULT_DISPATCH.pollIntervalMs,
        concurrency: options.concurrency ?? DEFAULT_DISPATCH.concurrency,
        log: options.log ?? ((line) => console.error(line)),
      });
  const service = new WebhookService({ store, clock, sender, destinations, policy, onEnqueued: () => dispatcher?.nudge() });
  return {
    service,
    start: () => dispatcher?.start(),
    stop: async () => dispatcher?.stop(),
  };
}

/**
 * Delivers the webhook outbox from inside the server process: polls for due deliveries
 * (and wakes early when the registry enqueues some), claims up to its free capacity,
 * sends each one without waiting for the others, and records every attempt with what
 * the core's delivery policy decides (delivered, retry at T, failed). A hanging receiver
 * holds one slot until its timeout; the API never waits for any of this.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { MetadataStore } from '../../core/ports/metadata-store.js';
import type { WebhookSender, WebhookSendResult } from '../../core/ports/webhook-sender.js';
import {
  claimLeaseMs,
  decideAttempt,
  responseExcerpt,
  type AttemptDecision,
  type DeliveryPolicy,
} from '../../core/webhooks/delivery-policy.js';
import type { ClaimedDelivery } from '../../core/webhooks/webhook-entities.js';

export interface WebhookDispatcherOptions {
  policy: DeliveryPolicy;
  /** How often to look for due deliveries when nothing woke the dispatcher. */
  pollIntervalMs: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** One line per attempt (and per dispatcher error). */
  log: (line: string) => void;
  random?: () => number;
}

export const DEFAULT_DISPATCH = { pollIntervalMs: 1_000, concurrency: 16 } as const;

/** Wake-ups within this window share one claim. */
const NUDGE_DELAY_MS = 5;

export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: MetadataStore,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
    private readonly options: WebhookDispatcherOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Deliveries were just enqueued: look soon rather than at the next poll. */
  nudge(): void {
    this.schedule(NUDGE_DELAY_MS);
  }

  /** Stops polling, aborts sends in flight (their claims are given back) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.ticking;
    await Promise.all([...this.inFlight]);
  }

  /** Runs a tick after `delayMs`, unless one is already due sooner. */
  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = Date.now() + delayMs;
    if (this.timer && this.dueAt <= at) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delayMs);
    this.timer.unref();
  }

  /** One claim at a time; a wake-up during a claim runs another right after it. */
  private async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.claimAndSend().finally(() => (this.ticking = undefined));
    await this.ticking;
    if (this.again && !this.stopped) {
      this.again = false;
      return this.tick();
    }
    this.schedule(this.options.pollIntervalMs);
  }

  private async claimAndSend(): Promise<void> {
    const capacity = this.options.concurrency - this.inFlight.size;
    if (capacity <= 0 || this.stopped) return;
    const now = this.clock.now();
    let claimed: ClaimedDelivery[];
    try {
      claimed = await this.store.claimWebhookDeliveries({ now, leaseUntil: now + claimLeaseMs(this.options.policy), limit: capacity });
    } catch (error) {
      this.options.log(`[strata] webhook dispatcher: claiming deliveries failed: ${(error as Error).message}`);
      return;
    }
    for (const delivery of claimed) this.track(this.deliver(delivery));
    if (claimed.length === capacity) this.again = true;
  }

  private track(work: Promise<void>): void {
    const done = work
      .catch((error: unknown) => this.options.log(`[strata] webhook dispatcher: ${(error as Error).message}`))
      .finally(() => {
        this.inFlight.delete(done);
        this.nudge();
      });
    this.inFlight.add(done);
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const time = this.clock.now();
    const result = await this.sender.send(
      {
        url: delivery.url,
        secret: delivery.secret,
        deliveryId: delivery.deliveryId,
        event: delivery.event,
        payload: delivery.payload,
        eventTime: delivery.createdAt,
      },
      { timeoutMs: this.options.policy.timeoutMs, signal: this.abort.signal },
    );
    if (result.aborted) {
      await this.store.releaseWebhookDelivery(delivery.seq, delivery.attempt, this.clock.now());
      return;
    }
    const decision = decideAttempt(this.options.policy, delivery.attempt, result, this.clock.now(), this.options.random ?? Math.random);
    const recorded = await this.store.recordWebhookDeliveryAttempt({
      seq: delivery.seq,
      attempt: delivery.attempt,
      time,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      // The sender already keeps only an excerpt; capping here holds for any sender.
      response: result.responseBody === null ? null : responseExcerpt(result.responseBody, this.options.policy.maxResponseChars),
      error: result.error,
      outcome: decision.outcome,
      ...(decision.outcome === 'retry' ? { nextAttemptAt: decision.nextAttemptAt } : {}),
    });
    this.options.log(describeAttempt(delivery, result, decision, recorded, this.clock.now()));
  }
}

function describeAttempt(
  delivery: ClaimedDelivery,
  result: WebhookSendResult,
  decision: AttemptDecision,
  recorded: boolean,
  now: number,
): string {
  const answer = result.statusCode !== null ? `HTTP ${result.statusCode}` : `error: ${result.error}`;
  const next =
    decision.outcome === 'retry' ? `retry in ${Math.max(0, decision.nextAttemptAt - now)} ms` : decision.outcome === 'failed' ? 'gave up' : 'delivered';
  const body = result.responseBody ? ` body: ${JSON.stringify(result.responseBody.slice(0, 200))}` : '';
  const lost = recorded ? '' : ' (claim lost: another dispatcher took it over; not recorded)';
  return `[strata] webhook ${delivery.webhookId} ${delivery.event} delivery ${delivery.deliveryId} attempt ${delivery.attempt}: ${answer} in ${result.durationMs} ms, ${next}${body}${lost}`;
}

/**
 * Following `models:/NAME@ALIAS`: a webhook delivery (signature verified) or a poll tick makes
 * the follower ask the registry where the alias points now — the delivery's payload is never
 * trusted for the version — and hands a new target to the switch controller. Polling runs in
 * any case: it is what catches a move when the webhook could not be created or its deliveries
 * stop; with a working webhook it only confirms.
 */
import { WEBHOOK_DELIVERY_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../../api/mlflow-webhooks.js';
import { verifyWebhookSignature } from '../../core/webhooks/webhook-signature.js';
import type { WebhookReceiver } from '../contracts.js';
import type { ModelFetcher } from './model-fetcher.js';
import type { SwitchController } from './switch-controller.js';
import type { ServeLog } from './serve-log.js';

export type FollowTrigger = 'webhook' | 'poll';

/** Deliveries older than this are refused (a replayed delivery cannot move anything, but need not be read). */
const MAX_DELIVERY_AGE_SECONDS = 5 * 60;

export interface AliasFollowerOptions {
  uri: string;
  name: string;
  alias: string;
  fetcher: ModelFetcher;
  controller: SwitchController;
  pollIntervalMs: number;
  log: ServeLog;
}

export class AliasFollower {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private recheck: FollowTrigger | undefined;
  private unreachable = false;
  private stopped = false;

  constructor(private readonly options: AliasFollowerOptions) {}

  startPolling(): void {
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.check('poll').finally(() => {
          if (!this.stopped) tick();
        });
      }, this.options.pollIntervalMs);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Resolves the alias and switches if it moved; one check at a time, a check asked meanwhile runs after. */
  check(trigger: FollowTrigger): Promise<void> {
    if (this.checking) {
      // A webhook arriving during a poll still gets its own look (the poll may have read the old target).
      this.recheck = this.recheck === 'webhook' ? 'webhook' : trigger;
      return this.checking;
    }
    this.checking = this.checkOnce(trigger).finally(() => {
      this.checking = undefined;
      const again = this.recheck;
      this.recheck = undefined;
      if (again && !this.stopped) void this.check(again);
    });
    return this.checking;
  }

  private async checkOnce(trigger: FollowTrigger): Promise<void> {
    const { fetcher, controller, uri, log } = this.options;
    let resolved;
    try {
      resolved = await fetcher.resolve(uri);
    } catch (error) {
      if (!this.unreachable) log.warn(`cannot resolve ${uri} (${trigger}): ${messageOf(error)}; still serving version ${controller.current ?? '-'}`);
      this.unreachable = true;
      return;
    }
    if (this.unreachable) log.info(`${uri} resolves again (version ${resolved.version})`);
    this.unreachable = false;
    if (controller.isSettled(resolved.version)) return;
    log.info(`${uri} now points at version ${resolved.version} (${trigger}); switching from ${controller.current ?? '-'}`);
    await controller.request(resolved, `alias moved (${trigger})`);
  }

  /**
   * `POST /strata/webhook`: 401 for a delivery whose signature does not verify, 200 for any
   * other (events about other models are acknowledged and ignored, so the server does not retry them).
   */
  webhookReceiver(secret: string): WebhookReceiver {
    return async (rawBody, headers) => {
      const body = rawBody.toString('utf8');
      if (!(await isSigned(secret, body, headers))) {
        this.options.log.warn('refused a webhook delivery whose signature does not verify');
        return 401;
      }
      if (this.concernsAlias(body)) void this.check('webhook');
      return 200;
    };
  }

  private concernsAlias(body: string): boolean {
    try {
      const envelope = JSON.parse(body) as { entity?: unknown; data?: { name?: unknown; alias?: unknown } };
      return envelope.entity === 'model_version_alias' && envelope.data?.name === this.options.name && envelope.data?.alias === this.options.alias;
    } catch {
      return false;
    }
  }
}

async function isSigned(secret: string, body: string, headers: Record<string, string | string[] | undefined>): Promise<boolean> {
  const header = (name: string) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  const deliveryId = header(WEBHOOK_DELIVERY_ID_HEADER);
  const timestamp = header(WEBHOOK_TIMESTAMP_HEADER);
  const signature = header(WEBHOOK_SIGNATURE_HEADER);
  if (!deliveryId || !timestamp || !signature) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_DELIVERY_AGE_SECONDS) return false;
  return verifyWebhookSignature(secret, deliveryId, timestamp, body, signature);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

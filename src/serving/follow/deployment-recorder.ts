/**
 * The serving process's deployment record: registered at start, heartbeats, and its events
 * (`started`, `switched`, `switch_failed`, `stopped`) sent in the order they happened, each
 * stamped with the time it happened. The tracking server may be unreachable at any of these
 * moments; serving never waits on it: events queue in memory and go out, in order, once it
 * answers again (registration first), with a growing back-off between attempts.
 */
import { DEPLOYMENT_HEARTBEAT_INTERVAL_MS, type DeploymentEventKind, type RegisterDeploymentRequest } from '../../api/strata-deployments.js';
import type { DeploymentApi } from './deployment-api.js';
import { messageOf } from './alias-follower.js';
import type { ServeLog } from './serve-log.js';

export interface DeploymentEvent {
  kind: DeploymentEventKind;
  reason: string;
  fromVersion?: string;
  toVersion?: string;
  message?: string;
}

export interface DeploymentRecorderOptions {
  api: DeploymentApi;
  registration: RegisterDeploymentRequest;
  log: ServeLog;
  heartbeatIntervalMs?: number;
  /** First and largest wait between attempts while the tracking server does not answer. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface QueuedEvent extends DeploymentEvent {
  time: number;
}

export class DeploymentRecorder {
  private deploymentId: string | undefined;
  private readonly queue: QueuedEvent[] = [];
  private flushing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private isFailing = false;
  private isClosed = false;

  constructor(private readonly options: DeploymentRecorderOptions) {
    this.backoffMs = options.minBackoffMs ?? 250;
  }

  /** The id the tracking server gave this instance, once registered. */
  get id(): string | undefined {
    return this.deploymentId;
  }

  /** Events not yet acknowledged by the tracking server. */
  get pendingCount(): number {
    return this.queue.length;
  }

  start(): void {
    const interval = this.options.heartbeatIntervalMs ?? DEPLOYMENT_HEARTBEAT_INTERVAL_MS;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), interval);
    this.heartbeatTimer.unref();
    void this.flush();
  }

  record(event: DeploymentEvent): void {
    if (this.isClosed) return;
    this.queue.push({ ...event, time: Date.now() });
    void this.flush();
  }

  /**
   * Records `stopped` and tries to deliver everything queued for at most `timeoutMs`; what is
   * still queued then is reported lost (the process is going away).
   */
  async close(event: DeploymentEvent, timeoutMs: number): Promise<boolean> {
    this.record(event);
    this.isClosed = true;
    clearInterval(this.heartbeatTimer);
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      clearTimeout(this.retryTimer);
      await this.flush();
      if (this.queue.length > 0) await sleep(Math.min(this.backoffMs, Math.max(0, deadline - Date.now())));
    }
    clearTimeout(this.retryTimer);
    if (this.queue.length > 0) this.options.log.warn(`${this.queue.length} deployment event(s) not delivered: the tracking server did not answer`);
    return this.queue.length === 0;
  }

  /** Sends what is queued, in order; one flush at a time. */
  private flush(): Promise<void> {
    this.flushing ??= this.sendQueued().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async sendQueued(): Promise<void> {
    try {
      await this.ensureRegistered();
      while (this.queue.length > 0) {
        const event = this.queue[0]!;
        await this.options.api.recordEvent({
          deployment_id: this.deploymentId!,
          kind: event.kind,
          reason: event.reason,
          time: event.time,
          ...(event.fromVersion !== undefined ? { from_version: event.fromVersion } : {}),
          ...(event.toVersion !== undefined ? { to_version: event.toVersion } : {}),
          ...(event.message !== undefined ? { message: event.message } : {}),
        });
        this.queue.shift();
      }
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
  }

  private async ensureRegistered(): Promise<void> {
    if (this.deploymentId !== undefined) return;
    const { deployment } = await this.options.api.register(this.options.registration);
    this.deploymentId = deployment.deployment_id;
    this.options.log.info(`registered deployment ${deployment.name} (${deployment.deployment_id})`);
  }

  private async heartbeat(): Promise<void> {
    if (this.deploymentId === undefined || this.isFailing) return void this.flush();
    try {
      await this.options.api.heartbeat(this.deploymentId);
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
  }

  private recovered(): void {
    if (this.isFailing) this.options.log.info('tracking server answers again; deployment record up to date');
    this.isFailing = false;
    this.backoffMs = this.options.minBackoffMs ?? 250;
  }

  private failed(error: unknown): void {
    if (!this.isFailing) this.options.log.warn(`deployment record not updated (${messageOf(error)}); still serving, retrying`);
    this.isFailing = true;
    if (this.isClosed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.flush(), this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 30_000);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

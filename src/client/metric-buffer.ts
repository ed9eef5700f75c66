import type { Metric } from '../api/mlflow-tracking.js';
import { MAX_METRICS_PER_BATCH } from '../api/limits.js';
import { realFlushTimer, type FlushTimer } from './flush-timer.js';

const MAX_FAILURE_DELAY_MS = 30_000;

export interface MetricBufferOptions {
  /** Sends one batch; must reject if the server did not store it. */
  send: (metrics: Metric[]) => Promise<void>;
  /** Flush once this many points are waiting. */
  maxBatchSize?: number;
  /** Flush this long after the first point of a batch arrives. */
  flushIntervalMs?: number;
  /** Told about failures of background flushes, which have no caller to throw to. */
  onError?: (error: unknown) => void;
  /** Schedules the deferred flush; default: the real clock. */
  timer?: FlushTimer;
}

/**
 * A FIFO queue of metric points sent in batches, at most one batch in flight. A point
 * leaves the queue only once the server has acknowledged its batch, so a failed batch is
 * sent again (first, before anything newer) by the next flush: points are never dropped
 * nor reordered.
 */
export class MetricBuffer {
  private readonly queue: Metric[] = [];
  private readonly options: Required<MetricBufferOptions>;
  private inFlight: Promise<void> | undefined;
  /** Cancels the pending deferred flush, if one is scheduled. */
  private cancelTimer: (() => void) | undefined;
  /** Non-zero after a failed background drain: wait this long before the next one. */
  private failureDelayMs = 0;

  constructor(options: MetricBufferOptions) {
    this.options = {
      maxBatchSize: MAX_METRICS_PER_BATCH,
      flushIntervalMs: 200,
      onError: () => {},
      timer: realFlushTimer,
      ...options,
    };
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  add(metric: Metric): void {
    this.queue.push(metric);
    const isFull = this.queue.length >= this.options.maxBatchSize;
    if (isFull && this.failureDelayMs === 0) this.startDrain({ everything: false, background: true });
    else this.armTimer();
  }

  /** Sends everything queued so far; rejects if a batch could not be delivered. */
  async flush(): Promise<void> {
    this.clearTimer();
    // Wait out a background drain first: its failure went to onError, and the loop below retries.
    await this.inFlight?.catch(() => {});
    while (this.queue.length > 0) {
      this.startDrain({ everything: true, background: false });
      await this.inFlight;
    }
  }

  /** Stops the timer; queued points stay queued. */
  dispose(): void {
    this.clearTimer();
  }

  private startDrain(mode: { everything: boolean; background: boolean }): void {
    if (this.inFlight !== undefined) return;
    this.clearTimer();
    const drain = this.drain(mode.everything).then(
      () => {
        this.failureDelayMs = 0;
      },
      (error: unknown) => {
        // Back off between background attempts so a long outage is not hammered every 200 ms.
        this.failureDelayMs = Math.min(MAX_FAILURE_DELAY_MS, Math.max(1000, this.failureDelayMs * 2));
        throw error;
      },
    );
    this.inFlight = drain.finally(() => {
      this.inFlight = undefined;
      if (this.queue.length > 0) this.armTimer();
    });
    // Background drains have nobody awaiting them: report rather than leave an unhandled rejection.
    if (mode.background) this.inFlight.catch((error: unknown) => this.options.onError(error));
  }

  /** Full batches only in the background; everything (the last partial batch too) otherwise. */
  private async drain(everything: boolean): Promise<void> {
    const { maxBatchSize } = this.options;
    while (this.queue.length >= maxBatchSize || (everything && this.queue.length > 0)) {
      const batch = this.queue.slice(0, maxBatchSize);
      await this.options.send(batch);
      this.queue.splice(0, batch.length);
    }
  }

  private armTimer(): void {
    if (this.cancelTimer !== undefined || this.inFlight !== undefined) return;
    this.cancelTimer = this.options.timer.schedule(() => {
      this.cancelTimer = undefined;
      this.startDrain({ everything: true, background: true });
    }, this.failureDelayMs || this.options.flushIntervalMs);
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }
}

/**
 * Builds metric roll-ups off the request path, so the first chart of a long series reads
 * blocks that already exist instead of building them while the person waits.
 *
 * Ingest in this process nudges it with the series it touched; it waits a moment (a training
 * loop logs in bursts: one rebuild per burst, not per call) and refreshes them. A sweep over
 * every series finds the rest: series written through another replica, and those left stale
 * by migration 8 or by a build cut short. The store does the work in chunks of bounded size,
 * each its own short transaction, yielding to the event loop between them, so requests keep
 * being answered during a build of millions of points (on SQLite too). Several replicas may
 * build at once: each chunk claims its steps with a conditioned UPDATE, so they never
 * duplicate work and the roll-ups stay exact (metric-rollup-queries.ts). Once per start, after
 * the first sweep, series an earlier version stored on all 13 levels are cut down to their top.
 */
import type { MetricRollupRepository, MetricSeriesRef } from '../../core/ports/metric-rollup-repository.js';

export interface MetricRollupBuilderOptions {
  /** How often every series is checked for stale roll-ups (default five minutes; the first check runs at start). */
  sweepIntervalMs?: number;
  /** How long after a nudge the build starts, to gather a burst of ingest calls (default 200 ms). */
  settleMs?: number;
  /** Points per rebuild chunk (default: the store's). */
  pointsPerChunk?: number;
  /** Where a failed build is reported (it is retried by the next sweep). */
  log?: (line: string) => void;
  /**
   * True while the server is answering requests (or just did): the builder then waits between
   * chunks, up to `maxYieldMs`, so a page load on a freshly started server does not share the
   * CPU (and SQLite's one connection) with a sweep over millions of series.
   */
  busy?: () => boolean;
  /** The longest wait for `busy` to clear before the next chunk goes anyway (default 250 ms): constant traffic slows the builder, never stops it. */
  maxYieldMs?: number;
}

/** Counters a test or a bench reads to see the builder did the work. */
export interface MetricRollupBuilderStats {
  chunksBuilt: number;
  seriesRefreshed: number;
  sweeps: number;
  /** Series an earlier version stored on every level, cut down to their top (once per start). */
  seriesCompacted: number;
  /** Waits of YIELD_POLL_MS for requests to finish. */
  yields: number;
}

const SERIES_PER_REFRESH = 50;
const SWEEP_PAGE_ROWS = 1_000;
// A sweep reads every latest_metrics row (1,000 per statement): rare, since ingest here nudges.
const DEFAULT_SWEEP_INTERVAL_MS = 300_000;
const DEFAULT_SETTLE_MS = 200;

const DEFAULT_MAX_YIELD_MS = 250;
const YIELD_POLL_MS = 10;

const seriesId = (s: MetricSeriesRef) => JSON.stringify([s.runId, s.key]);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MetricRollupBuilder {
  readonly stats: MetricRollupBuilderStats = { chunksBuilt: 0, seriesRefreshed: 0, sweeps: 0, seriesCompacted: 0, yields: 0 };
  private readonly pending = new Map<string, MetricSeriesRef>();
  private readonly stopping = new AbortController();
  private started = false;
  private sweepDue = false;
  private compactionDue = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly store: MetricRollupRepository, private readonly options: MetricRollupBuilderOptions = {}) {}

  start(): void {
    if (this.started || this.stopping.signal.aborted) return;
    this.started = true;
    this.sweepDue = true;
    this.compactionDue = true;
    this.wake(0);
    this.sweepTimer = setInterval(() => {
      this.sweepDue = true;
      this.wake(0);
    }, this.options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  /** Series that just got points (called after their transaction committed). */
  nudge(series: readonly MetricSeriesRef[]): void {
    // Not started: the sweep at start finds these.
    if (!this.started || this.stopping.signal.aborted) return;
    for (const s of series) this.pending.set(seriesId(s), s);
    this.wake(this.options.settleMs ?? DEFAULT_SETTLE_MS);
  }

  /** Stops between two chunks (what is left stays dirty, built by a later start or on request). */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.wakeTimer);
    clearInterval(this.sweepTimer);
    await this.running;
  }

  /** Resolves once nothing is pending, scheduled or being built. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.running === undefined && this.wakeTimer === undefined && this.pending.size === 0 && !this.sweepDue && !this.compactionDue;
  }

  private wake(delayMs: number): void {
    if (this.running !== undefined || this.wakeTimer !== undefined || this.stopping.signal.aborted) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.running = this.work()
        .catch((error: unknown) => (this.options.log ?? console.error)(`metric roll-up build failed (retried by the next sweep): ${String(error)}`))
        .finally(() => {
          this.running = undefined;
          // Nudged while building: go again (after the settle delay, as for any nudge).
          if (this.pending.size > 0 && !this.stopping.signal.aborted) this.wake(this.options.settleMs ?? DEFAULT_SETTLE_MS);
          if (this.isIdle() || this.stopping.signal.aborted) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }, delayMs);
  }

  private async work(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      if (this.pending.size > 0) {
        const batch = [...this.pending.values()].slice(0, SERIES_PER_REFRESH);
        for (const s of batch) this.pending.delete(seriesId(s));
        await this.refresh(batch);
      } else if (this.sweepDue) {
        this.sweepDue = false;
        await this.sweep();
      } else if (this.compactionDue) {
        this.compactionDue = false;
        await this.compact();
      } else {
        return;
      }
    }
  }

  private async sweep(): Promise<void> {
    this.stats.sweeps += 1;
    await this.everySeries(
      (after) => this.store.listStaleMetricSeries(after, SWEEP_PAGE_ROWS),
      (series) => this.refresh(series),
    );
  }

  /**
   * Once per start, after the first sweep: series an earlier version stored on all 13 levels are
   * cut down to the level where they fit in one block (a 100,000-run sweep of one-point metrics
   * kept 13 rows per series where one says it all).
   */
  private async compact(): Promise<void> {
    await this.everySeries(
      (after) => this.store.listSeriesStoredOnEveryLevel(after, SWEEP_PAGE_ROWS),
      async (series) => {
        this.stats.seriesCompacted += await this.store.compactStoredTops(series);
      },
    );
  }

  /** Pages through every series with `list`, handing each page's finds to `handle`, yielding between pages. */
  private async everySeries(
    list: (after: MetricSeriesRef | undefined) => Promise<{ series: MetricSeriesRef[]; next?: MetricSeriesRef }>,
    handle: (series: MetricSeriesRef[]) => Promise<void>,
  ): Promise<void> {
    let after: MetricSeriesRef | undefined;
    do {
      const page = await list(after);
      if (page.series.length > 0) await handle(page.series);
      after = page.next;
      await this.yieldToRequests();
    } while (after !== undefined && !this.stopping.signal.aborted);
  }

  /** One turn of the event loop; while requests are being answered, up to maxYieldMs more. */
  private readonly yieldToRequests = async (): Promise<void> => {
    await nextTurn();
    const busy = this.options.busy;
    if (busy === undefined) return;
    const until = performance.now() + (this.options.maxYieldMs ?? DEFAULT_MAX_YIELD_MS);
    while (busy() && performance.now() < until && !this.stopping.signal.aborted) {
      this.stats.yields += 1;
      await sleep(YIELD_POLL_MS);
    }
  };

  private async refresh(series: MetricSeriesRef[]): Promise<void> {
    await this.store.refreshMetricRollups(series, {
      pointsPerChunk: this.options.pointsPerChunk,
      betweenChunks: this.yieldToRequests,
      signal: this.stopping.signal,
      onChunk: () => {
        this.stats.chunksBuilt += 1;
      },
    });
    this.stats.seriesRefreshed += series.length;
  }
}

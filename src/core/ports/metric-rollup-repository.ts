/**
 * What a metric envelope reads: per-series roll-up blocks (see core/metric-envelope-plan.ts for
 * the grid) and, at bucket edges finer than a block, raw points. The store keeps the blocks
 * exact: points logged after a block was built make it stale until `refreshMetricRollups`.
 */
import type { MetricSummary, SummaryPoint } from '../metric-summary.js';

export interface MetricSeriesRef {
  runId: string;
  key: string;
}

export interface RollupBlock {
  /** Block index on its level: steps [block·w, (block+1)·w). */
  block: number;
  summary: MetricSummary;
}

/**
 * A series' highest stored roll-up level and its blocks, by block. Levels above it are not
 * stored: each is its level below merged (`deriveLevel` in metric-rollup-build.ts), so a short
 * series stores a few rows, not one per level on all 13.
 */
export interface StoredTop {
  level: number;
  blocks: RollupBlock[];
}

/** Inclusive integer range. */
export type IndexRange = readonly [from: number, to: number];

export interface RollupRefreshOptions {
  /** Points rebuilt per transaction (default: the store's, a few tens of milliseconds of work). */
  pointsPerChunk?: number;
  /** Called after each chunk commits. */
  onChunk?: () => void;
  /** Awaited between two chunks (default: one turn of the event loop); the builder waits longer while requests are being answered. */
  betweenChunks?: () => Promise<void>;
  /** Aborted: return before the next chunk, leaving the rest dirty (the builder stopping). */
  signal?: AbortSignal;
}

export interface MetricRollupRepository {
  /** Those of `runIds` that exist (deleted runs included: their metrics stay readable). */
  existingRunIds(runIds: string[]): Promise<Set<string>>;
  /**
   * Brings the roll-ups of these series up to date with every point committed before the call,
   * in chunks of about `pointsPerChunk` points, each its own short transaction, yielding to
   * the event loop between them; points logged meanwhile stay exact (their blocks are dirty
   * again until rebuilt).
   */
  refreshMetricRollups(series: MetricSeriesRef[], options?: RollupRefreshOptions): Promise<void>;
  /**
   * Up to `limit` series after `after` (in (run, key) order) whose roll-ups are stale, and
   * where to go on from (absent when the table was read to its end). A page may hold fewer
   * than `limit` series even when more follow.
   */
  listStaleMetricSeries(after: MetricSeriesRef | undefined, limit: number): Promise<{ series: MetricSeriesRef[]; next?: MetricSeriesRef }>;
  /**
   * Of the `limit` series after `after` (in (run, key) order), those stored on all 13 levels by an
   * earlier version, with roll-ups up to date; and where to go on from (absent at the end).
   */
  listSeriesStoredOnEveryLevel(after: MetricSeriesRef | undefined, limit: number): Promise<{ series: MetricSeriesRef[]; next?: MetricSeriesRef }>;
  /** Cuts such series down to their single-block level (exact: the levels above are derived); returns how many were. */
  compactStoredTops(series: readonly MetricSeriesRef[]): Promise<number>;
  /** Per series (in the order given), its stored top; undefined when nothing is stored (no points). */
  listStoredTops(series: readonly MetricSeriesRef[]): Promise<Array<StoredTop | undefined>>;
  /** The non-empty blocks of one roll-up level whose index lies in one of `ranges` (sorted, disjoint), by block. */
  listRollupBlocks(series: MetricSeriesRef, level: number, ranges: readonly IndexRange[]): Promise<RollupBlock[]>;
  /**
   * The same for many series at once, one block range for all: per series (in the order given), its
   * non-empty blocks of `level` with index in `range`, by block. A few statements however many
   * series (one per metric key and few hundred runs), where `listRollupBlocks` costs one per series.
   */
  listRollupBlocksOfSeries(series: readonly MetricSeriesRef[], level: number, range: IndexRange): Promise<RollupBlock[][]>;
  /** The points whose step lies in one of `ranges` (sorted, disjoint), in step order. */
  listMetricPointsByStep(series: MetricSeriesRef, ranges: readonly IndexRange[]): Promise<SummaryPoint[]>;
}

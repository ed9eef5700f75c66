/**
 * Metric envelopes: for each series, per-bucket summaries over an x range, read from the
 * store's roll-ups so a long series costs about as many block reads as there are buckets.
 *
 * Step axis: buckets are unions of blocks of one level (metric-envelope-plan.ts); raw points
 * only when a bucket is narrower than the finest block. Time axis: blocks are keyed by step,
 * so the walk starts at the series' stored top and keeps a block whole when its time span lies inside
 * one bucket, descends into it when it straddles an edge, and reads raw points only for
 * finest-level blocks that straddle one: exact whatever the order of timestamps.
 */
import { METRIC_ENVELOPE_MAX_BUCKETS, METRIC_ENVELOPE_MAX_SERIES } from '../../api/strata-v1.js';
import { invalidParameter, notFound } from '../errors.js';
import { emptyBuckets, BucketSummaries, type MetricEnvelope } from '../metric-envelope.js';
import {
  planStepBuckets, planTimeBuckets, ROLLUP_FACTOR, rollupBlock, rollupWidth, type MetricEnvelopeAxis,
} from '../metric-envelope-plan.js';
import { mergeSummaries, summaryExtent, type MetricSummary } from '../metric-summary.js';
import { deriveLevel } from '../metric-rollup-build.js';
import type { IndexRange, MetricRollupRepository, MetricSeriesRef, StoredTop } from '../ports/metric-rollup-repository.js';
import { shortenForMessage } from '../shorten-for-message.js';

export const METRIC_ENVELOPE_DEFAULT_BUCKETS = 1_000;

export interface MetricEnvelopeInput {
  series: MetricSeriesRef[];
  axis?: MetricEnvelopeAxis;
  xMin?: number;
  xMax?: number;
  buckets?: number;
}

function validate(input: MetricEnvelopeInput): number {
  const n = input.series.length;
  if (n < 1 || n > METRIC_ENVELOPE_MAX_SERIES) {
    throw invalidParameter(`series must list between 1 and ${METRIC_ENVELOPE_MAX_SERIES} series; got ${n}.`);
  }
  input.series.forEach((s, i) => {
    if (!s.runId) throw invalidParameter(`series[${i}].run_id is required.`);
    if (!s.key) throw invalidParameter(`series[${i}].metric_key is required.`);
  });
  const buckets = input.buckets ?? METRIC_ENVELOPE_DEFAULT_BUCKETS;
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > METRIC_ENVELOPE_MAX_BUCKETS) {
    throw invalidParameter(`buckets must be an integer between 1 and ${METRIC_ENVELOPE_MAX_BUCKETS}; got ${buckets}.`);
  }
  for (const [name, value] of [['x_min', input.xMin], ['x_max', input.xMax]] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw invalidParameter(`${name} must be a finite number; got ${value}.`);
  }
  if (input.xMin !== undefined && input.xMax !== undefined && input.xMin > input.xMax) {
    throw invalidParameter(`x_min must not be greater than x_max; got x_min=${input.xMin} and x_max=${input.xMax}.`);
  }
  return buckets;
}

/** Sorted, disjoint ranges covering the children of `blocks` (sorted) one level down. */
function childRanges(blocks: readonly number[]): IndexRange[] {
  const ranges: Array<[number, number]> = [];
  for (const block of blocks) {
    const from = block * ROLLUP_FACTOR;
    const to = from + ROLLUP_FACTOR - 1;
    const last = ranges[ranges.length - 1];
    if (last && last[1] + 1 >= from) last[1] = to;
    else ranges.push([from, to]);
  }
  return ranges;
}

/** Sorted, disjoint step ranges of finest-level `blocks` (sorted). */
function stepRanges(blocks: readonly number[]): IndexRange[] {
  const width = rollupWidth(0);
  const ranges: Array<[number, number]> = [];
  for (const block of blocks) {
    const from = block * width;
    const last = ranges[ranges.length - 1];
    if (last && last[1] + 1 >= from) last[1] = from + width - 1;
    else ranges.push([from, from + width - 1]);
  }
  return ranges;
}

export interface MetricEnvelopeOptions {
  /** Points per roll-up rebuild chunk when a request finds stale roll-ups (default: the store's). */
  rebuildChunkPoints?: number;
}

export class MetricEnvelopeService {
  constructor(private readonly store: MetricRollupRepository, private readonly options: MetricEnvelopeOptions = {}) {}

  async envelope(input: MetricEnvelopeInput): Promise<MetricEnvelope[]> {
    const buckets = validate(input);
    const runIds = [...new Set(input.series.map((s) => s.runId))];
    const existing = await this.store.existingRunIds(runIds);
    const missing = runIds.find((id) => !existing.has(id));
    if (missing !== undefined) throw notFound(`Run with id=${shortenForMessage(missing)} not found`);
    // Usually a no-op: the background builder keeps roll-ups fresh. What is still stale is built
    // here, in chunks that let the server answer other requests meanwhile, so the answer is exact.
    const unique = dedupe(input.series);
    await this.store.refreshMetricRollups(unique, { pointsPerChunk: this.options.rebuildChunkPoints });
    const axis = input.axis ?? 'step';
    // Every series' stored top: its extent, what the levels above it are made from, and where the time walk starts.
    const tops = await this.store.listStoredTops(unique);
    const plans = unique.map((series, i) => planSeries(series, tops[i], axis, input, buckets));
    const done = axis === 'step'
      ? await this.stepEnvelopes(plans)
      : await mapConcurrently(plans, SERIES_IN_FLIGHT, (plan) => this.timeEnvelope(plan));
    const byKey = new Map(done.map((e) => [seriesId(e), e]));
    return input.series.map((s) => byKey.get(seriesId(s)) as MetricEnvelope);
  }

  /**
   * Step envelopes of many series: series whose buckets are blocks of one level are read
   * together, a few statements per level (the compare page's 100 runs of one metric share one);
   * buckets narrower than a block read the series' raw points, a series at a time.
   */
  private async stepEnvelopes(plans: SeriesPlan[]): Promise<MetricEnvelope[]> {
    const filled = plans.map((p) => (p.kind === 'range' ? new BucketSummaries(planStepBuckets(p.lo, p.hi, p.buckets)) : undefined));
    const byLevel = new Map<number, number[]>();
    const raw: number[] = [];
    filled.forEach((summaries, i) => {
      if (summaries === undefined) return;
      const { level } = summaries.plan;
      if (level === undefined) raw.push(i);
      else if (byLevel.has(level)) byLevel.get(level)?.push(i);
      else byLevel.set(level, [i]);
    });
    for (const [level, group] of byLevel) {
      const blockSpans = group.map((i) => stepSpan(filled[i] as BucketSummaries).map((step) => rollupBlock(step, level)) as [number, number]);
      // Series stored up to this level are read; those whose top is lower make this level from their top.
      const stored = group.filter((i) => (plans[i] as RangePlan).top.level >= level);
      const range: IndexRange = [Math.min(...blockSpans.map((b) => b[0])), Math.max(...blockSpans.map((b) => b[1]))];
      const read = stored.length === 0 ? [] : await this.store.listRollupBlocksOfSeries(stored.map((i) => (plans[i] as RangePlan).series), level, range);
      const readOf = new Map(stored.map((i, r) => [i, read[r] ?? []]));
      group.forEach((i, g) => {
        const summaries = filled[i] as BucketSummaries;
        const [first, last] = blockSpans[g] as [number, number];
        const { top } = plans[i] as RangePlan;
        for (const { block, summary } of readOf.get(i) ?? deriveLevel(top.blocks, top.level, level)) {
          if (block >= first && block <= last) summaries.addSummary(summaries.bucketOf(block * rollupWidth(level)), summary);
        }
      });
    }
    await mapConcurrently(raw, SERIES_IN_FLIGHT, async (i) => {
      const summaries = filled[i] as BucketSummaries;
      for (const point of await this.store.listMetricPointsByStep((plans[i] as RangePlan).series, [stepSpan(summaries)])) summaries.addPoint(point, point.step);
    });
    return plans.map((p, i) => (p.kind === 'range' ? { ...p.series, extent: p.extent, ...(filled[i] as BucketSummaries).toBuckets('step') } : p.envelope));
  }

  private async timeEnvelope(p: SeriesPlan): Promise<MetricEnvelope> {
    if (p.kind !== 'range') return p.envelope;
    const summaries = await this.timeBuckets(p.series, p.lo, p.hi, p.buckets, p.top);
    return { ...p.series, extent: p.extent, ...summaries.toBuckets('timestamp') };
  }

  private async timeBuckets(series: MetricSeriesRef, lo: number, hi: number, buckets: number, top: StoredTop): Promise<BucketSummaries> {
    const summaries = new BucketSummaries(planTimeBuckets(lo, hi, buckets));
    let frontier = top.blocks;
    for (let level = top.level; ; level -= 1) {
      const straddling: number[] = [];
      for (const { block, summary } of frontier) {
        const from = summary.timeFirst.timestamp;
        const to = summary.timeLast.timestamp;
        if (to < lo || from > hi) continue;
        const bucket = summaries.bucketOf(from);
        if (bucket >= 0 && bucket === summaries.bucketOf(to)) summaries.addSummary(bucket, summary);
        else straddling.push(block);
      }
      if (straddling.length === 0) return summaries;
      if (level === 0) {
        for (const point of await this.store.listMetricPointsByStep(series, stepRanges(straddling))) summaries.addPoint(point, point.timestamp);
        return summaries;
      }
      frontier = await this.store.listRollupBlocks(series, level - 1, childRanges(straddling));
    }
  }
}

/** What one series' envelope needs once its extent is known: nothing more to read, or a range to bucket. */
interface RangePlan {
  kind: 'range';
  series: MetricSeriesRef;
  extent: { min: number; max: number };
  lo: number;
  hi: number;
  buckets: number;
  /** The series' stored top: the levels above it are made from it; the time walk starts there. */
  top: StoredTop;
}
type SeriesPlan = RangePlan | { kind: 'done'; envelope: MetricEnvelope };

function planSeries(series: MetricSeriesRef, top: StoredTop | undefined, axis: MetricEnvelopeAxis, input: MetricEnvelopeInput, buckets: number): SeriesPlan {
  const whole = top?.blocks.map((b) => b.summary).reduce<MetricSummary | undefined>((a, b) => (a ? mergeSummaries(a, b) : b), undefined);
  if (top === undefined || whole === undefined) return { kind: 'done', envelope: { ...series, count: 0, buckets: emptyBuckets() } };
  const extent = summaryExtent(whole, axis);
  const lo = Math.max(extent.min, input.xMin === undefined ? extent.min : Math.ceil(input.xMin));
  const hi = Math.min(extent.max, input.xMax === undefined ? extent.max : Math.floor(input.xMax));
  if (lo > hi) return { kind: 'done', envelope: { ...series, extent, count: 0, buckets: emptyBuckets() } };
  return { kind: 'range', series, extent, lo, hi, buckets, top };
}

/** The steps a step plan's buckets cover: [first edge, last edge − 1]. */
function stepSpan(summaries: BucketSummaries): [number, number] {
  const { edges } = summaries.plan;
  return [edges[0] as number, (edges[edges.length - 1] as number) - 1];
}

const seriesId = (s: MetricSeriesRef) => JSON.stringify([s.runId, s.key]);

/**
 * Series read at once: a pooled database (PostgreSQL) overlaps their round trips; SQLite's one
 * connection takes them in turn, as before.
 */
const SERIES_IN_FLIGHT = 8;

async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function dedupe(series: MetricSeriesRef[]): MetricSeriesRef[] {
  const seen = new Map<string, MetricSeriesRef>();
  for (const s of series) seen.set(seriesId(s), s);
  return [...seen.values()];
}

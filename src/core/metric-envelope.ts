/**
 * A metric envelope: per-bucket summaries of one series over an x range, as columns (what a chart
 * draws: the min–max band and the last value). Built from bucket summaries by `toEnvelopeBuckets`.
 */
import { bucketIndex, type BucketPlan, type MetricEnvelopeAxis } from './metric-envelope-plan.js';
import { addPoint, mergeSummaries, summarizePoint, type MetricSummary, type SummaryPoint } from './metric-summary.js';

/** Non-empty buckets only, in x order; index i of every column is one bucket. */
export interface EnvelopeBuckets {
  xStart: number[];
  xEnd: number[];
  count: number[];
  nanCount: number[];
  min: Array<number | null>;
  max: Array<number | null>;
  first: number[];
  last: number[];
  firstX: number[];
  lastX: number[];
}

export interface MetricEnvelope {
  runId: string;
  key: string;
  /** The whole series' extent on the axis; undefined when it has no points. */
  extent?: { min: number; max: number };
  /** Points in the buckets. */
  count: number;
  buckets: EnvelopeBuckets;
}

export function emptyBuckets(): EnvelopeBuckets {
  return { xStart: [], xEnd: [], count: [], nanCount: [], min: [], max: [], first: [], last: [], firstX: [], lastX: [] };
}

/** Summaries of one plan's buckets, filled from blocks and points in any order. */
export class BucketSummaries {
  private readonly summaries: Array<MetricSummary | undefined>;

  constructor(readonly plan: BucketPlan) {
    this.summaries = new Array<MetricSummary | undefined>(plan.edges.length - 1);
  }

  bucketOf(x: number): number {
    return bucketIndex(this.plan.edges, x);
  }

  addSummary(bucket: number, summary: MetricSummary): void {
    const current = this.summaries[bucket];
    this.summaries[bucket] = current === undefined ? summary : mergeSummaries(current, summary);
  }

  /** Adds a point to the bucket holding its x; a point outside the plan is ignored. */
  addPoint(point: SummaryPoint, x: number): void {
    const bucket = this.bucketOf(x);
    if (bucket < 0) return;
    const current = this.summaries[bucket];
    if (current === undefined) this.summaries[bucket] = summarizePoint(point);
    else addPoint(current, point);
  }

  toBuckets(axis: MetricEnvelopeAxis): { count: number; buckets: EnvelopeBuckets } {
    const out = emptyBuckets();
    let total = 0;
    const xOf = (p: SummaryPoint) => (axis === 'step' ? p.step : p.timestamp);
    this.summaries.forEach((s, i) => {
      if (s === undefined) return;
      const first = axis === 'step' ? s.stepFirst : s.timeFirst;
      const last = axis === 'step' ? s.stepLast : s.timeLast;
      out.xStart.push(this.plan.edges[i] as number);
      out.xEnd.push((this.plan.edges[i + 1] as number) - 1);
      out.count.push(s.count);
      out.nanCount.push(s.nanCount);
      out.min.push(s.min);
      out.max.push(s.max);
      out.first.push(first.value);
      out.last.push(last.value);
      out.firstX.push(xOf(first));
      out.lastX.push(xOf(last));
      total += s.count;
    });
    return { count: total, buckets: out };
  }
}

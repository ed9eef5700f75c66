/**
 * The summary of a set of metric points that a chart envelope is made of: count, NaN count,
 * min/max over non-NaN values, and the first and last point in both x orders (step, and
 * timestamp). Summaries merge associatively, so a bucket's summary is the merge of any
 * partition of its points: raw points, or roll-up blocks that each lie wholly inside it.
 *
 * Point order is total, as in the history's: on the step axis (step, timestamp, stored value,
 * NaN-ness), on the time axis (timestamp, step, stored value, NaN-ness), where a NaN point's
 * stored value is 0 (see src/store/metric-queries.ts).
 */
import type { MetricEnvelopeAxis } from './metric-envelope-plan.js';

export interface SummaryPoint {
  step: number;
  timestamp: number;
  /** NaN for a NaN point. */
  value: number;
}

export interface MetricSummary {
  count: number;
  nanCount: number;
  /** Over non-NaN values; null when every point is NaN. */
  min: number | null;
  max: number | null;
  stepFirst: SummaryPoint;
  stepLast: SummaryPoint;
  timeFirst: SummaryPoint;
  timeLast: SummaryPoint;
}

const storedValue = (p: SummaryPoint): number => (Number.isNaN(p.value) ? 0 : p.value);
const nanFlag = (p: SummaryPoint): number => (Number.isNaN(p.value) ? 1 : 0);

function compareTail(a: SummaryPoint, b: SummaryPoint): number {
  const va = storedValue(a);
  const vb = storedValue(b);
  if (va !== vb) return va < vb ? -1 : 1;
  return nanFlag(a) - nanFlag(b);
}

/** Negative when `a` comes before `b` in step order. */
export function compareStepOrder(a: SummaryPoint, b: SummaryPoint): number {
  if (a.step !== b.step) return a.step < b.step ? -1 : 1;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  return compareTail(a, b);
}

/** Negative when `a` comes before `b` in time order. */
export function compareTimeOrder(a: SummaryPoint, b: SummaryPoint): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  if (a.step !== b.step) return a.step < b.step ? -1 : 1;
  return compareTail(a, b);
}

export function summarizePoint(point: SummaryPoint): MetricSummary {
  const isNan = Number.isNaN(point.value);
  return {
    count: 1,
    nanCount: isNan ? 1 : 0,
    min: isNan ? null : point.value,
    max: isNan ? null : point.value,
    stepFirst: point,
    stepLast: point,
    timeFirst: point,
    timeLast: point,
  };
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return b < a ? b : a;
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}

/** The summary of the union of two disjoint point sets. */
export function mergeSummaries(a: MetricSummary, b: MetricSummary): MetricSummary {
  return {
    count: a.count + b.count,
    nanCount: a.nanCount + b.nanCount,
    min: minOf(a.min, b.min),
    max: maxOf(a.max, b.max),
    stepFirst: compareStepOrder(b.stepFirst, a.stepFirst) < 0 ? b.stepFirst : a.stepFirst,
    stepLast: compareStepOrder(b.stepLast, a.stepLast) > 0 ? b.stepLast : a.stepLast,
    timeFirst: compareTimeOrder(b.timeFirst, a.timeFirst) < 0 ? b.timeFirst : a.timeFirst,
    timeLast: compareTimeOrder(b.timeLast, a.timeLast) > 0 ? b.timeLast : a.timeLast,
  };
}

/** Mutating merge for hot loops (one object per bucket, not per point). */
export function addPoint(into: MetricSummary, point: SummaryPoint): void {
  into.count += 1;
  if (Number.isNaN(point.value)) into.nanCount += 1;
  else {
    if (into.min === null || point.value < into.min) into.min = point.value;
    if (into.max === null || point.value > into.max) into.max = point.value;
  }
  if (compareStepOrder(point, into.stepFirst) < 0) into.stepFirst = point;
  if (compareStepOrder(point, into.stepLast) > 0) into.stepLast = point;
  if (compareTimeOrder(point, into.timeFirst) < 0) into.timeFirst = point;
  if (compareTimeOrder(point, into.timeLast) > 0) into.timeLast = point;
}

/** The summary of a non-empty list of points. */
export function summarizePoints(points: readonly SummaryPoint[]): MetricSummary {
  const [head, ...rest] = points;
  if (head === undefined) throw new Error('summarizePoints needs at least one point');
  const summary = summarizePoint(head);
  for (const point of rest) addPoint(summary, point);
  return summary;
}

/** The x extent of a summary's points on one axis. */
export function summaryExtent(summary: MetricSummary, axis: MetricEnvelopeAxis): { min: number; max: number } {
  return axis === 'step'
    ? { min: summary.stepFirst.step, max: summary.stepLast.step }
    : { min: summary.timeFirst.timestamp, max: summary.timeLast.timestamp };
}

// The server's min–max envelope as columns, and its alignment onto one shared x array for uPlot.
// Pure functions (no DOM, no React) so they are unit-tested in Node.
// The SDK entry itself, not lib/strata (which opens a client on `window`), so Node unit tests load this.
import { fromWireDouble, type MetricEnvelopeSeriesWire } from '../../../../../src/client/browser.js';

/** One series' buckets, in chart x units: x (the bucket's last point), band (min/max) and line (last). */
export interface SeriesEnvelope {
  runId: string;
  metricKey: string;
  x: Float64Array;
  /** NaN where every point of the bucket is NaN (nothing to draw). */
  min: Float64Array;
  max: Float64Array;
  last: Float64Array;
  /** Points in the requested range, NaN ones included. */
  count: number;
  /** Of those, how many are NaN. */
  nanCount: number;
  /** The whole series' extent in chart x units, absent when it has no points. */
  extent?: { min: number; max: number };
}

/** Chart x = (wire x − offset) / scale: relative time subtracts the run's start, time axes show seconds. */
export interface XTransform {
  offset: number;
  scale: number;
}

const IDENTITY: XTransform = { offset: 0, scale: 1 };

const toNumber = (v: Parameters<typeof fromWireDouble>[0] | null): number => (v === null ? Number.NaN : fromWireDouble(v));

/** The bucket columns a chart draws (x, band, line) and the NaN count it reports: ask for only these. */
export const CHART_ENVELOPE_FIELDS = ['nan_count', 'min', 'max', 'last', 'last_x'] as const;

export function fromEnvelopeWire(wire: MetricEnvelopeSeriesWire, t: XTransform = IDENTITY): SeriesEnvelope {
  const b = wire.buckets;
  const x = b.last_x ?? b.x_end ?? [];
  const out: SeriesEnvelope = {
    runId: wire.run_id,
    metricKey: wire.metric_key,
    x: new Float64Array(x.length),
    min: new Float64Array(x.length),
    max: new Float64Array(x.length),
    last: new Float64Array(x.length),
    count: wire.count,
    nanCount: 0,
  };
  for (let i = 0; i < x.length; i++) {
    out.x[i] = ((x[i] ?? 0) - t.offset) / t.scale;
    out.min[i] = toNumber(b.min?.[i] ?? null);
    out.max[i] = toNumber(b.max?.[i] ?? null);
    out.last[i] = toNumber(b.last?.[i] ?? null);
    out.nanCount += b.nan_count?.[i] ?? 0;
  }
  if (wire.x_extent) out.extent = { min: (wire.x_extent.min - t.offset) / t.scale, max: (wire.x_extent.max - t.offset) / t.scale };
  return out;
}

export type Column = Array<number | null>;

export interface AlignedSeries {
  min: Column;
  max: Column;
  last: Column;
}

export interface AlignedEnvelopes {
  x: number[];
  series: AlignedSeries[];
  /** True when bucket x positions were snapped to a shared grid (too many distinct x to keep exact). */
  snapped: boolean;
}

/** A value uPlot can draw: finite, and positive on a log scale; anything else is a gap. */
function drawable(v: number, logY: boolean): number | null {
  return Number.isFinite(v) && (!logY || v > 0) ? v : null;
}

/**
 * Puts every series' buckets on one x array. Exact x values when the runs share bucket positions
 * (the usual case on the step axis); otherwise, so 100 runs never make a 100,000-wide array of
 * gaps, each bucket is snapped to one of `slots` equal cells of the x range and cells that share a
 * cell merge (min of mins, max of maxes, the later last), so no spike is lost.
 */
export function alignEnvelopes(envelopes: readonly SeriesEnvelope[], slots: number, logY = false): AlignedEnvelopes {
  const distinct = new Set<number>();
  for (const e of envelopes) for (const x of e.x) distinct.add(x);
  if (distinct.size <= Math.max(2 * slots, 16)) return alignExact(envelopes, [...distinct].sort((a, b) => a - b), logY);
  return alignSnapped(envelopes, distinct, Math.max(1, slots), logY);
}

function alignExact(envelopes: readonly SeriesEnvelope[], x: number[], logY: boolean): AlignedEnvelopes {
  const index = new Map(x.map((v, i) => [v, i]));
  const series = envelopes.map((e) => {
    const s = emptySeries(x.length);
    for (let i = 0; i < e.x.length; i++) {
      const at = index.get(e.x[i] ?? Number.NaN);
      if (at === undefined) continue;
      s.min[at] = drawable(e.min[i] ?? Number.NaN, logY);
      s.max[at] = drawable(e.max[i] ?? Number.NaN, logY);
      s.last[at] = drawable(e.last[i] ?? Number.NaN, logY);
    }
    return s;
  });
  return { x, series, snapped: false };
}

function alignSnapped(envelopes: readonly SeriesEnvelope[], distinct: Set<number>, slots: number, logY: boolean): AlignedEnvelopes {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of distinct) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = hi > lo ? (hi - lo) / slots : 1;
  const cell = (v: number) => Math.min(slots - 1, Math.max(0, Math.floor((v - lo) / width)));
  const used = new Uint8Array(slots);
  const full = envelopes.map((e) => {
    const s = emptySeries(slots);
    for (let i = 0; i < e.x.length; i++) {
      const c = cell(e.x[i] ?? lo);
      used[c] = 1;
      mergeInto(s.min, c, drawable(e.min[i] ?? Number.NaN, logY), Math.min);
      mergeInto(s.max, c, drawable(e.max[i] ?? Number.NaN, logY), Math.max);
      const last = drawable(e.last[i] ?? Number.NaN, logY);
      if (last !== null) s.last[c] = last;
    }
    return s;
  });
  const keep: number[] = [];
  for (let c = 0; c < slots; c++) if (used[c] === 1) keep.push(c);
  const x = keep.map((c) => (c === slots - 1 && keep.length === 1 ? hi : lo + (c + 0.5) * width));
  const pick = (col: Column) => keep.map((c) => col[c] ?? null);
  return { x, series: full.map((s) => ({ min: pick(s.min), max: pick(s.max), last: pick(s.last) })), snapped: true };
}

function mergeInto(col: Column, at: number, v: number | null, pick: (a: number, b: number) => number): void {
  if (v === null) return;
  const had = col[at];
  col[at] = had === null || had === undefined ? v : pick(had, v);
}

function emptySeries(n: number): AlignedSeries {
  return { min: new Array<number | null>(n).fill(null), max: new Array<number | null>(n).fill(null), last: new Array<number | null>(n).fill(null) };
}

/** The nearest non-gap value to index `at` (within `reach` cells), for the hover panel. */
export function valueNear(col: Column, at: number, reach = 64): number | null {
  for (let d = 0; d <= reach; d++) {
    const left = col[at - d];
    if (left !== null && left !== undefined) return left;
    const right = col[at + d];
    if (right !== null && right !== undefined) return right;
  }
  return null;
}

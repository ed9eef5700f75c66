// Which envelope requests one chart makes: pure, so Node unit tests check the windows.
import type { MetricEnvelopeRequest } from '../../../../../src/client/browser.js';
import { CHART_ENVELOPE_FIELDS } from '../state/envelope.js';
import { wireAxis, wireRange, type XKind, type XRange } from '../state/xAxis.js';

/** The server's cap (METRIC_ENVELOPE_MAX_BUCKETS in src/api, not re-exported by the browser SDK). */
export const METRIC_ENVELOPE_MAX_BUCKETS = 10_000;

/**
 * Buckets a chart asks for, summed over its lines, before each line gets fewer than one per pixel.
 * 100 runs overlaid in 600 px cannot show a bucket per pixel of each, yet a bucket per pixel costs
 * the server a roll-up block read per bucket and the page a vertex per bucket: at one per pixel, a
 * compare page of 100 runs × 20 metrics read 626,000 blocks and drew 1.2 million vertices. Fewer
 * buckets never drop a spike (every bucket is the min–max of all its points); the line (last
 * values) is coarser, and zooming re-fetches finer buckets.
 */
export const CHART_BUCKET_BUDGET = 7_000;

/** Buckets per line for a chart `width` px wide with `lines` lines: the width, or the budget's share. */
export function bucketsPerLine(width: number, lines: number): number {
  return Math.max(1, Math.min(Math.round(width), Math.floor(CHART_BUCKET_BUDGET / Math.max(1, lines))));
}

/**
 * Buckets per line when a chart's width cannot change them: its lines share the budget so thinly
 * that each gets fewer buckets than the narrowest such chart (`minWidth` px) has pixels. Undefined
 * when the width decides. Lets a chart ask before the page's first layout reports its width.
 */
export function bucketsWithoutWidth(lines: number, minWidth: number): number | undefined {
  const share = bucketsPerLine(Number.POSITIVE_INFINITY, lines);
  return share < minWidth ? share : undefined;
}

export interface EnvelopeSeriesSpec {
  runId: string;
  metricKey: string;
  /** The run's start_time (ms): relative time is measured from it. */
  startMs: number;
}

export interface EnvelopeQuery {
  series: readonly EnvelopeSeriesSpec[];
  xKind: XKind;
  /** Zoomed window in chart units; absent = each series' whole extent. */
  range?: XRange;
  /** About the chart's width in pixels: never more points than pixels. */
  buckets: number;
}

export interface RequestGroup {
  request: MetricEnvelopeRequest;
}

/** Only the columns the chart draws: about half the bytes of the full envelope. */
const fields = [...CHART_ENVELOPE_FIELDS];

export function requestGroups(query: EnvelopeQuery): RequestGroup[] {
  const series = (list: readonly EnvelopeSeriesSpec[]) => list.map((s) => ({ run_id: s.runId, metric_key: s.metricKey }));
  const x_axis = wireAxis(query.xKind);
  const { range } = query;
  if (range === undefined) return [{ request: { series: series(query.series), x_axis, buckets: query.buckets, fields } }];
  if (query.xKind !== 'relative') return [{ request: { series: series(query.series), x_axis, ...wireRange(query.xKind, range, 0), buckets: query.buckets, fields } }];
  const widthMs = (range[1] - range[0]) * 1000;
  const sorted = [...query.series].sort((a, b) => a.startMs - b.startMs);
  const groups: EnvelopeSeriesSpec[][] = [];
  for (const s of sorted) {
    const current = groups[groups.length - 1];
    if (current?.[0] !== undefined && s.startMs - current[0].startMs <= widthMs) current.push(s);
    else groups.push([s]);
  }
  return groups.map((g) => {
    const first = wireRange('relative', range, g[0]?.startMs ?? 0);
    const last = wireRange('relative', range, g[g.length - 1]?.startMs ?? 0);
    // The group's window is up to twice the zoom width: twice the buckets keeps the same resolution.
    const spread = (last.x_max - first.x_min) / Math.max(1, widthMs);
    const buckets = Math.min(METRIC_ENVELOPE_MAX_BUCKETS, Math.round(query.buckets * spread));
    return { request: { series: series(g), x_axis, x_min: first.x_min, x_max: last.x_max, buckets, fields } };
  });
}

// From the envelopes of one chart's lines to uPlot's columns: [x, then per line max, min, line].
import { alignEnvelopes, type AlignedEnvelopes, type Column, type SeriesEnvelope } from './envelope.js';
import { smooth, type Smoothing } from './smoothing.js';

export interface ChartData {
  /** uPlot's AlignedData: x, then max, min, smoothed line per line. */
  columns: [number[], ...Column[]];
  aligned: AlignedEnvelopes;
  /** The smoothed line per line (what the hover panel reads). */
  lines: Column[];
  /** Buckets drawn, points they summarize, and how many lines have any drawable value. */
  buckets: number;
  points: number;
  nanPoints: number;
  drawnLines: number;
  /** The highest band value drawn (tests check a spike survives). */
  yMax: number | null;
}

export function toChartData(lineIds: readonly string[], envelopes: readonly SeriesEnvelope[], slots: number, smoothing: Smoothing, logY: boolean): ChartData {
  const byId = new Map(envelopes.map((e) => [e.runId, e]));
  const ordered = lineIds.map((id) => byId.get(id) ?? emptyEnvelope(id));
  const aligned = alignEnvelopes(ordered, slots, logY);
  const lines = aligned.series.map((s) => smooth(s.last, smoothing));
  const columns: [number[], ...Column[]] = [aligned.x];
  let yMax: number | null = null;
  let drawnLines = 0;
  aligned.series.forEach((s, i) => {
    columns.push(s.max, s.min, lines[i] ?? s.last);
    let drawn = false;
    for (const v of s.max) {
      if (v === null) continue;
      drawn = true;
      if (yMax === null || v > yMax) yMax = v;
    }
    if (drawn) drawnLines++;
  });
  return {
    columns,
    aligned,
    lines,
    buckets: ordered.reduce((n, e) => n + e.x.length, 0),
    points: ordered.reduce((n, e) => n + e.count, 0),
    nanPoints: ordered.reduce((n, e) => n + e.nanCount, 0),
    drawnLines,
    yMax,
  };
}

function emptyEnvelope(runId: string): SeriesEnvelope {
  const none = new Float64Array(0);
  return { runId, metricKey: '', x: none, min: none, max: none, last: none, count: 0, nanCount: 0 };
}

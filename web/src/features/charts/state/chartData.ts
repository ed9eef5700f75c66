// From the envelopes of one chart's lines to uPlot's columns: [x, y top, y bottom, then per line
// max, min, line].
import { alignEnvelopes, type AlignedEnvelopes, type Column, type SeriesEnvelope } from './envelope.js';
import { smooth, type Smoothing } from './smoothing.js';

export interface ChartData {
  /**
   * uPlot's AlignedData: x; the highest and lowest value of any line at each x (the only two
   * series uPlot itself knows, so it fits the y scale as it did to every column); then per line
   * its band max, band min and smoothed line, which the chart draws itself (see lineColumns).
   */
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

/** Where line `line`'s columns are in ChartData.columns. */
export function lineColumns(line: number): { max: number; min: number; line: number } {
  const at = 3 + 3 * line;
  return { max: at, min: at + 1, line: at + 2 };
}

export function toChartData(lineIds: readonly string[], envelopes: readonly SeriesEnvelope[], slots: number, smoothing: Smoothing, logY: boolean): ChartData {
  const byId = new Map(envelopes.map((e) => [e.runId, e]));
  const ordered = lineIds.map((id) => byId.get(id) ?? emptyEnvelope(id));
  const aligned = alignEnvelopes(ordered, slots, logY);
  const lines = aligned.series.map((s) => smooth(s.last, smoothing));
  const perLine = aligned.series.flatMap((s, i) => [s.max, s.min, lines[i] ?? s.last]);
  const { hi, lo } = extremes(aligned.x.length, perLine);
  const columns: [number[], ...Column[]] = [aligned.x, hi, lo, ...perLine];
  let yMax: number | null = null;
  let drawnLines = 0;
  for (const s of aligned.series) {
    let drawn = false;
    for (const v of s.max) {
      if (v === null) continue;
      drawn = true;
      if (yMax === null || v > yMax) yMax = v;
    }
    if (drawn) drawnLines++;
  }
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

/** Per x, the highest and lowest value of any of `columns` (null where all are gaps). */
export function extremes(length: number, columns: readonly Column[]): { hi: Column; lo: Column } {
  const hi: Column = new Array<number | null>(length).fill(null);
  const lo: Column = new Array<number | null>(length).fill(null);
  for (const col of columns) {
    for (let i = 0; i < length; i++) {
      const v = col[i];
      if (v === null || v === undefined) continue;
      const h = hi[i];
      const l = lo[i];
      if (h === null || h === undefined || v > h) hi[i] = v;
      if (l === null || l === undefined || v < l) lo[i] = v;
    }
  }
  return { hi, lo };
}

function emptyEnvelope(runId: string): SeriesEnvelope {
  const none = new Float64Array(0);
  return { runId, metricKey: '', x: none, min: none, max: none, last: none, count: 0, nanCount: 0 };
}

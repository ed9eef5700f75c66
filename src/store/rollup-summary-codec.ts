/**
 * A roll-up block's MetricSummary as stored: the JSON text of one flat array. JSON has no
 * NaN or ±Infinity, so those travel as the strings "NaN", "Infinity", "-Infinity".
 */
import type { MetricSummary, SummaryPoint } from '../core/metric-summary.js';

type Stored = number | string | null;

const put = (value: number): number | string => (Number.isFinite(value) ? value : String(value));
const take = (value: Stored): number => (typeof value === 'string' ? Number(value) : (value as number));

function putPoint(out: Stored[], p: SummaryPoint): void {
  out.push(p.step, p.timestamp, put(p.value));
}

export function encodeSummary(s: MetricSummary): string {
  const out: Stored[] = [s.count, s.nanCount, s.min === null ? null : put(s.min), s.max === null ? null : put(s.max)];
  putPoint(out, s.stepFirst);
  putPoint(out, s.stepLast);
  putPoint(out, s.timeFirst);
  putPoint(out, s.timeLast);
  return JSON.stringify(out);
}

/** The parsed JSON array of a stored summary. */
export type StoredSummary = Stored[];

export function decodeSummary(text: string): MetricSummary {
  return fromStored(JSON.parse(text) as StoredSummary);
}

export function fromStored(a: StoredSummary): MetricSummary {
  const point = (i: number): SummaryPoint => ({ step: a[i] as number, timestamp: a[i + 1] as number, value: take(a[i + 2] as Stored) });
  return {
    count: a[0] as number,
    nanCount: a[1] as number,
    min: a[2] === null ? null : take(a[2] as Stored),
    max: a[3] === null ? null : take(a[3] as Stored),
    stepFirst: point(4),
    stepLast: point(7),
    timeFirst: point(10),
    timeLast: point(13),
  };
}

// The three x axes a metric chart offers and how each maps to the envelope request: step as is,
// wall time (request in ms, drawn in seconds as uPlot's time scale wants), and relative time
// (time since each run's start, so runs started hours apart overlay).
import type { MetricEnvelopeXAxis } from '../../../../../src/client/browser.js';
import { formatMetric } from '../../../lib/format.js';
import type { XTransform } from './envelope.js';

export type XKind = 'step' | 'time' | 'relative';

export const X_KINDS: ReadonlyArray<{ kind: XKind; label: string }> = [
  { kind: 'step', label: 'Step' },
  { kind: 'time', label: 'Wall time' },
  { kind: 'relative', label: 'Relative time' },
];

/** A zoomed x window in chart units (steps, or seconds for both time axes). */
export type XRange = readonly [number, number];

export const wireAxis = (kind: XKind): MetricEnvelopeXAxis => (kind === 'step' ? 'step' : 'timestamp');

/** How a run's wire x becomes chart x. */
export function xTransform(kind: XKind, runStartMs: number): XTransform {
  if (kind === 'step') return { offset: 0, scale: 1 };
  return { offset: kind === 'relative' ? runStartMs : 0, scale: 1000 };
}

/** The request window for one run, in wire units (inverse of xTransform). */
export function wireRange(kind: XKind, range: XRange, runStartMs: number): { x_min: number; x_max: number } {
  const t = xTransform(kind, runStartMs);
  const lo = range[0] * t.scale + t.offset;
  const hi = range[1] * t.scale + t.offset;
  // Steps and millisecond timestamps are integers: widen to whole units so edge points are included.
  return { x_min: Math.floor(lo), x_max: Math.ceil(hi) };
}

/** Seconds as `1h 02m`, `3m 05s`, `12.5s`: relative-time ticks and hover. */
export function formatSeconds(s: number): string {
  const sign = s < 0 ? '−' : '';
  const a = Math.abs(s);
  if (a < 60) return `${sign}${Number(a.toPrecision(3))}s`;
  // Round ticks read as `5m`, `2h`, not `5m 00s`.
  const two = (big: string, small: number, unit: string) => (small === 0 ? `${sign}${big}` : `${sign}${big} ${String(small).padStart(2, '0')}${unit}`);
  const m = Math.floor(a / 60);
  if (m < 60) return two(`${m}m`, Math.floor(a % 60), 's');
  const h = Math.floor(m / 60);
  if (h < 48) return two(`${h}h`, m % 60, 'm');
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${sign}${d}d` : `${sign}${d}d ${h % 24}h`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The hover panel's x label. */
export function formatX(kind: XKind, x: number): string {
  if (kind === 'step') return `step ${formatMetric(Math.round(x))}`;
  if (kind === 'relative') return formatSeconds(x);
  const d = new Date(x * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

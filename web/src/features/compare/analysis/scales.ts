// Axis scales for the canvas plots. Every scale maps a column value to t in [0, 1] (0 = bottom or
// left), so drawing, hit-testing and brushing work the same on linear, log and categorical axes.
import type { AnalysisColumn } from './columns.js';

export interface Tick {
  t: number;
  label: string;
}

export interface AxisScale {
  kind: 'linear' | 'log' | 'categorical';
  /** t for a column value (a number, or a category index); NaN when it cannot be placed. */
  toT(value: number): number;
  /** The column value at t (inverse of toT; categorical: the nearest category index). */
  fromT(t: number): number;
  ticks: Tick[];
}

/** A step of 1, 2 or 5 × 10^k that splits [min, max] into about `count` intervals (the classic "nice numbers"). */
export function niceStep(min: number, max: number, count: number): number {
  const span = max - min;
  if (!(span > 0) || count < 1) return 0;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  const nice = ratio >= 7.5 ? 10 : ratio >= 3.5 ? 5 : ratio >= 1.5 ? 2 : 1;
  return nice * power;
}

/** Ticks at multiples of a nice step inside [min, max]; a single value when min === max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const step = niceStep(min, max, count);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  // Multiplying (not adding) keeps 0.1 + 0.2 drift out of the labels.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Powers of ten inside [min, max] (min > 0), thinned to about `count`; 1-2-5 steps when the span is under a decade. */
export function logTicks(min: number, max: number, count = 5): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  if (hi - lo <= 1) return niceTicks(min, max, count).filter((v) => v > 0);
  const every = Math.max(1, Math.ceil((hi - lo + 1) / count));
  const ticks: number[] = [];
  for (let p = lo; p <= hi; p += every) {
    const v = Number((10 ** p).toPrecision(12));
    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push(v);
  }
  return ticks;
}

/** Min and max of the finite values (positive only when `positive`), or undefined when there are none. */
export function extent(values: Float64Array, positive = false): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : undefined;
}

/** True when a log axis can show the column: numeric, and every logged value above 0. */
export function canLog(column: AnalysisColumn): boolean {
  if (column.type !== 'numeric') return false;
  for (const v of column.values) if (v <= 0) return false;
  return extent(column.values) !== undefined;
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  // 1e-4 and 2.5e6, not 1.0e-4 and 2.500e+6.
  if (abs >= 1e6 || abs < 1e-3) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

function linearScale(min: number, max: number, tickCount: number): AxisScale {
  // A column with one value sits in the middle of its axis.
  const [lo, hi] = min === max ? [min - 1, max + 1] : [min, max];
  const span = hi - lo;
  return {
    kind: 'linear',
    toT: (v) => (Number.isFinite(v) ? (v - lo) / span : NaN),
    fromT: (t) => lo + t * span,
    ticks: niceTicks(min, max, tickCount).map((v) => ({ t: (v - lo) / span, label: formatTick(v) })),
  };
}

function logScale(min: number, max: number, tickCount: number): AxisScale {
  const [lo, hi] = min === max ? [Math.log10(min) - 1, Math.log10(max) + 1] : [Math.log10(min), Math.log10(max)];
  const span = hi - lo;
  return {
    kind: 'log',
    toT: (v) => (v > 0 && Number.isFinite(v) ? (Math.log10(v) - lo) / span : NaN),
    fromT: (t) => 10 ** (lo + t * span),
    ticks: logTicks(min, max, tickCount).map((v) => ({ t: (Math.log10(v) - lo) / span, label: formatTick(v) })),
  };
}

/** Categories spread evenly from bottom to top; a single category sits in the middle. */
function categoricalScale(categories: readonly string[]): AxisScale {
  const n = categories.length;
  const toT = (i: number) => (Number.isNaN(i) ? NaN : n <= 1 ? 0.5 : i / (n - 1));
  // Label every category when they fit, else a spread of about 12.
  const every = Math.max(1, Math.ceil(n / 12));
  return {
    kind: 'categorical',
    toT,
    fromT: (t) => (n <= 1 ? 0 : Math.round(Math.min(1, Math.max(0, t)) * (n - 1))),
    ticks: categories.flatMap((label, i) => (i % every === 0 || i === n - 1 ? [{ t: toT(i), label }] : [])),
  };
}

/** The scale of a column's axis: log when asked and possible, categories for string params. */
export function scaleFor(column: AnalysisColumn, log: boolean, tickCount = 5): AxisScale {
  if (column.type === 'categorical') return categoricalScale(column.categories);
  const range = extent(column.values, log && canLog(column)) ?? [0, 1];
  return log && canLog(column) ? logScale(range[0], range[1], tickCount) : linearScale(range[0], range[1], tickCount);
}

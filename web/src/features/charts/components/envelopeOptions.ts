// uPlot options for an envelope chart: per line three series (band max, band min, line), the band
// filled between the first two in the line's color. Callbacks go through refs so the options
// object (and so the chart) is rebuilt only when lines, axes or scale change, not on every render.
import type uPlot from 'uplot';
import { formatMetric } from '../../../lib/format';
import { cssVar } from '../../../lib/theme';
import { formatSeconds, type XKind, type XRange } from '../state/xAxis';

export interface ChartLine {
  id: string;
  label: string;
  color: string;
}

export interface ChartCallbacks {
  onZoom: (range: XRange | undefined) => void;
  onHover: (hover: { idx: number; left: number; top: number } | null) => void;
}

const MAX_LINES_WITH_EDGES = 10;

/** Ignore drags narrower than this: a click that wobbled is not a zoom (Grafana uses 5 px too). */
const MIN_DRAG_PX = 5;

export function envelopeOptions(lines: readonly ChartLine[], xKind: XKind, logY: boolean, callbacks: { current: ChartCallbacks }): Omit<uPlot.Options, 'width' | 'height'> {
  const grid = cssVar('--border', '#e1e4e8');
  const text = cssVar('--text-muted', '#5d6673');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
  const band = { points: { show: false }, spanGaps: true };
  // Band edges help a one-bucket spike read among a few lines; among dozens they are noise, and
  // each is one more path for the rasterizer (100 runs × 20 charts: a second of paint).
  const edgeWidth = lines.length <= MAX_LINES_WITH_EDGES ? 0.75 : 0;
  return {
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: xKind === 'time' }, y: logY ? { distr: 3, log: 10 } : {} },
    axes: [
      { ...axis, ...xAxisTicks(xKind) },
      { ...axis, size: 60, values: (_u, ticks) => ticks.map((t) => (t == null ? '' : formatMetric(t))), ...(logY ? { filter: logTicks, grid: { ...axis.grid, filter: logTicks }, ticks: { ...axis.ticks, filter: logTicks } } : {}) },
    ],
    series: [
      {},
      ...lines.flatMap((l, i): uPlot.Series[] => [
        // The band: filled, with faint edges so a one-bucket spike reads at a glance. The max
        // series draws it whole; the min series only feeds the y scale and the hover panel.
        { ...band, label: `${l.label} max`, stroke: translucent(l.color, 0.45), width: edgeWidth, fill: translucent(l.color), paths: bandPaths(2 + 3 * i) },
        { ...band, label: `${l.label} min`, stroke: translucent(l.color, 0.45), width: 0.75, paths: () => null },
        { label: l.label, stroke: l.color, width: 1.25, spanGaps: true, points: { size: 4, fill: l.color, show: fewPoints } },
      ]),
    ],
    hooks: {
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width >= MIN_DRAG_PX) callbacks.current.onZoom([u.posToVal(left, 'x'), u.posToVal(left + width, 'x')]);
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
      setCursor: [
        (u) => {
          const { idx, left, top } = u.cursor;
          callbacks.current.onHover(idx === null || idx === undefined || left === undefined || left < 0 ? null : { idx, left, top: top ?? 0 });
        },
      ],
      ready: [(u) => u.over.addEventListener('dblclick', () => callbacks.current.onZoom(undefined))],
    },
  };
}

/**
 * The band between a max series and its min series (index `minIdx`) as one polygon, max edge
 * forward and min edge back, filled once; both edges stroked as one path. uPlot's own bands fill
 * between two series through a clip path per band, which Chromium's software rasterizer paid for
 * dearly: 100 runs × 20 charts spent seconds in clip(). Buckets where either edge is missing
 * (only NaN points, or not positive on a log scale) are skipped, as the lines span them.
 */
function bandPaths(minIdx: number): uPlot.Series.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const xs = u.data[0];
    const hi = u.data[seriesIdx];
    const lo = u.data[minIdx];
    if (hi === undefined || lo === undefined) return null;
    const x: number[] = [];
    const top: number[] = [];
    const bottom: number[] = [];
    for (let i = idx0; i <= idx1; i++) {
      const a = hi[i];
      const b = lo[i];
      const at = xs[i];
      if (a == null || b == null || at == null) continue;
      x.push(u.valToPos(at, 'x', true));
      top.push(u.valToPos(a, 'y', true));
      bottom.push(u.valToPos(b, 'y', true));
    }
    const n = x.length;
    if (n === 0) return null;
    const fill = new Path2D();
    const stroke = new Path2D();
    fill.moveTo(x[0] as number, top[0] as number);
    stroke.moveTo(x[0] as number, top[0] as number);
    for (let i = 1; i < n; i++) {
      fill.lineTo(x[i] as number, top[i] as number);
      stroke.lineTo(x[i] as number, top[i] as number);
    }
    stroke.moveTo(x[0] as number, bottom[0] as number);
    for (let i = 1; i < n; i++) stroke.lineTo(x[i] as number, bottom[i] as number);
    for (let i = n - 1; i >= 0; i--) fill.lineTo(x[i] as number, bottom[i] as number);
    fill.closePath();
    return { stroke, fill, flags: 0 };
  };
}

/** Dots only where a line has so few values in view that a line alone could hide them (one logged value). */
function fewPoints(u: uPlot, seriesIdx: number, idx0: number, idx1: number): boolean {
  const col = u.data[seriesIdx];
  if (col === undefined) return false;
  let n = 0;
  for (let i = idx0; i <= idx1; i++) if (col[i] != null && ++n > 40) return false;
  return true;
}

/** Durations tick at round seconds, minutes and hours; steps and times use uPlot's own steps. */
const DURATION_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

function xAxisTicks(xKind: XKind): Partial<uPlot.Axis> {
  if (xKind === 'time') return {};
  if (xKind === 'relative') return { incrs: DURATION_INCRS, values: (_u, ticks) => ticks.map((t) => formatSeconds(t)) };
  return { values: (_u, ticks) => ticks.map((t) => formatMetric(t)) };
}

/** On a log axis, label and grid only 1, 2 and 5 × 10ⁿ (only 10ⁿ beyond three decades): the rest is noise. */
function logTicks(_u: uPlot, splits: number[]): Array<number | null> {
  const finite = splits.filter((v) => v > 0);
  const decades = finite.length === 0 ? 0 : Math.log10(Math.max(...finite) / Math.min(...finite));
  return splits.map((v) => {
    if (!(v > 0)) return null;
    const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
    return mantissa === 1 || (decades <= 3 && (mantissa === 2 || mantissa === 5)) ? v : null;
  });
}

/** `#rrggbb` at 18% opacity: the band reads as the line's range without hiding other runs. */
export function translucent(color: string, alpha = 0.18): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (m === null) return color;
  return `rgba(${parseInt(m[1] ?? '0', 16)}, ${parseInt(m[2] ?? '0', 16)}, ${parseInt(m[3] ?? '0', 16)}, ${alpha})`;
}

// uPlot options for an envelope chart: uPlot draws the axes and fits the scales; the lines (per
// line a band in its color and the line) are drawn by envelopeDraw. Callbacks go through refs so
// the options object (and so the chart) is rebuilt only when lines, axes or scale change, not on
// every render.
import type uPlot from 'uplot';
import { formatMetric } from '../../../lib/format';
import { cssVar } from '../../../lib/theme';
import { formatSeconds, type XKind, type XRange } from '../state/xAxis';
import { drawEnvelopes, type LineStyle } from './envelopeDraw';

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

const scaleOnly: uPlot.Series = { paths: () => null, points: { show: false } };

/** Ignore drags narrower than this: a click that wobbled is not a zoom (Grafana uses 5 px too). */
const MIN_DRAG_PX = 5;

export function envelopeOptions(lines: readonly ChartLine[], xKind: XKind, logY: boolean, callbacks: { current: ChartCallbacks }): Omit<uPlot.Options, 'width' | 'height'> {
  const grid = cssVar('--border', '#e1e4e8');
  const text = cssVar('--text-muted', '#5d6673');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
  // Band edges help a one-bucket spike read among a few lines; among dozens they are noise, and
  // each is one more path for the rasterizer (100 runs × 20 charts: a second of paint).
  const edgeWidth = lines.length <= MAX_LINES_WITH_EDGES ? 0.75 : 0;
  const styles = lines.map((l): LineStyle => ({ band: translucent(l.color), edge: translucent(l.color, 0.45), edgeWidth, line: l.color }));
  return {
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: xKind === 'time' }, y: logY ? { distr: 3, log: 10 } : {} },
    axes: [
      { ...axis, ...xAxisTicks(xKind) },
      { ...axis, size: 60, values: (_u, ticks) => ticks.map((t) => (t == null ? '' : formatMetric(t))), ...(logY ? { filter: logTicks, grid: { ...axis.grid, filter: logTicks }, ticks: { ...axis.ticks, filter: logTicks } } : {}) },
    ],
    // The y scale's top and bottom across all lines (see ChartData.columns): uPlot fits the scale
    // to them and draws nothing; every line is drawn by the draw hook.
    series: [{}, { ...scaleOnly, label: 'highest' }, { ...scaleOnly, label: 'lowest' }],
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
      draw: [(u) => drawEnvelopes(u, styles)],
    },
  };
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

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

/** Ignore drags narrower than this: a click that wobbled is not a zoom (Grafana uses 5 px too). */
const MIN_DRAG_PX = 5;

export function envelopeOptions(lines: readonly ChartLine[], xKind: XKind, logY: boolean, callbacks: { current: ChartCallbacks }): Omit<uPlot.Options, 'width' | 'height'> {
  const grid = cssVar('--border', '#e1e4e8');
  const text = cssVar('--text-muted', '#5d6673');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
  const band = { width: 0, points: { show: false }, spanGaps: true };
  return {
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: xKind === 'time' }, y: logY ? { distr: 3, log: 10 } : {} },
    axes: [
      { ...axis, ...(xKind === 'time' ? {} : { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => (xKind === 'relative' ? formatSeconds(t) : formatMetric(t))) }) },
      { ...axis, size: 60, values: (_u, ticks) => ticks.map((t) => formatMetric(t)) },
    ],
    series: [
      {},
      ...lines.flatMap((l): uPlot.Series[] => [
        { ...band, label: `${l.label} max` },
        { ...band, label: `${l.label} min` },
        { label: l.label, stroke: l.color, width: 1.25, spanGaps: true, points: { size: 4, fill: l.color } },
      ]),
    ],
    bands: lines.map((l, i) => ({ series: [1 + 3 * i, 2 + 3 * i] as [number, number], fill: translucent(l.color) })),
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

/** `#rrggbb` at 18% opacity: the band reads as the line's range without hiding other runs. */
export function translucent(color: string, alpha = 0.18): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (m === null) return color;
  return `rgba(${parseInt(m[1] ?? '0', 16)}, ${parseInt(m[2] ?? '0', 16)}, ${parseInt(m[3] ?? '0', 16)}, ${alpha})`;
}

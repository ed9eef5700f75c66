// Parallel coordinates on three stacked canvases, so a brush never redraws more than it must:
//  - base: every run as a faint line (redrawn only when the axes, runs or size change);
//  - selection: the brushed runs in their colors, one path per color (redrawn per brush frame);
//  - overlay: brush ranges and the hovered run (redrawn per pointer move).
// Axes and labels are SVG. Brushes live in a ref and are applied in requestAnimationFrame; React
// only hears the brushed count and mask (for lists and actions), never renders per line.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { cssVar } from '../../../lib/theme';
import { formatMetric } from '../../../lib/format';
import { prepareCanvas, useElementWidth, withAlpha } from '../../../lib/canvas/canvas';
import { applyBrushes, brushFromDrag, type BrushRange } from '../analysis/brush';
import { cellText, type AnalysisColumn } from '../analysis/columns';
import { axisPositions, colorBuckets } from '../analysis/positions';
import { scaleFor, type AxisScale } from '../analysis/scales';

export interface PlotRows {
  ids: readonly string[];
  labels: readonly string[];
  /** Index into `palette` per run. */
  colorIndex: Uint16Array;
  palette: readonly string[];
}

export interface ParallelCoordinatesPlotProps {
  rows: PlotRows;
  axes: readonly AnalysisColumn[];
  log: ReadonlySet<string>;
  height?: number;
  /** Called after each brush change is drawn: mask[row] = 1 when brushed. */
  onBrushed?: (mask: Uint8Array, count: number, brushing: boolean) => void;
}

const MARGIN = { top: 30, right: 56, bottom: 14, left: 56 };
const AXIS_HIT = 14;

interface Layout {
  width: number;
  height: number;
  xs: number[];
  top: number;
  bottom: number;
}

const yOf = (layout: Layout, t: number) => layout.bottom - t * (layout.bottom - layout.top);

function lineAlpha(n: number): number {
  return Math.min(0.9, Math.max(0.08, 12 / Math.sqrt(Math.max(1, n))));
}

/**
 * Strokes, as one path, the rows order[from..to) whose mask is set (all when mask is undefined), up to
 * `limit` of them; returns where it stopped and how many it drew.
 */
function strokeRows(ctx: CanvasRenderingContext2D, layout: Layout, t: Float32Array, axisCount: number, order: Uint32Array, from: number, to: number, mask: Uint8Array | undefined, limit = Infinity): [next: number, drawn: number] {
  ctx.beginPath();
  let drawn = 0;
  let k = from;
  for (; k < to && drawn < limit; k++) {
    const row = order[k] ?? 0;
    if (mask !== undefined && mask[row] === 0) continue;
    drawn++;
    const base = row * axisCount;
    let pen = false;
    for (let a = 0; a < axisCount; a++) {
      const v = t[base + a] ?? NaN;
      if (Number.isNaN(v)) { pen = false; continue; }
      const x = layout.xs[a] ?? 0;
      const y = yOf(layout, v);
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
  }
  ctx.stroke();
  return [k, drawn];
}

/**
 * Brushed lines drawn per animation frame. Chromium rasterizes canvas strokes when it paints the
 * frame, at ~40 µs per 13-axis line without a GPU on a busy machine, so 4,000 brushed lines in one
 * frame would stall the pointer for 150 ms; in frames of 600 the brush follows the pointer and the
 * picture fills in over a few frames.
 */
const LINES_PER_FRAME = 600;

export const ParallelCoordinatesPlot = memo(function ParallelCoordinatesPlot({ rows, axes, log, height = 320, onBrushed }: ParallelCoordinatesPlotProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const selRef = useRef<HTMLCanvasElement>(null);
  const overRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrapRef);
  const rowCount = rows.ids.length;
  const axisCount = axes.length;

  const scales = useMemo<AxisScale[]>(() => axes.map((c) => scaleFor(c, log.has(c.id))), [axes, log]);
  const t = useMemo(() => axisPositions(axes, scales, rowCount), [axes, scales, rowCount]);
  const buckets = useMemo(() => colorBuckets(rows.colorIndex, rows.palette.length), [rows]);
  const layout = useMemo<Layout>(() => {
    const inner = Math.max(1, width - MARGIN.left - MARGIN.right);
    const xs = axes.map((_, a) => MARGIN.left + (axisCount <= 1 ? inner / 2 : (a * inner) / (axisCount - 1)));
    return { width, height, xs, top: MARGIN.top, bottom: height - MARGIN.bottom };
  }, [width, height, axes, axisCount]);

  const brushes = useRef(new Map<number, BrushRange>());
  /** Bumped by each redraw, so the frames of an older one stop. */
  const drawJob = useRef(0);
  const mask = useRef(new Uint8Array(0));
  const hover = useRef<number | undefined>(undefined);
  const frame = useRef(0);
  const [tip, setTip] = useState<{ row: number; x: number; y: number } | undefined>(undefined);
  const onBrushedRef = useRef(onBrushed);
  onBrushedRef.current = onBrushed;

  const drawOverlay = useCallback(() => {
    const canvas = overRef.current;
    if (canvas === null || layout.width === 0) return;
    const ctx = prepareCanvas(canvas, layout.width, layout.height);
    if (ctx === null) return;
    const accent = cssVar('--accent', '#2f6fdb');
    for (const [a, range] of brushes.current) {
      const x = layout.xs[a] ?? 0;
      const y0 = yOf(layout, range.hi);
      const y1 = yOf(layout, range.lo);
      ctx.fillStyle = withAlpha(accent, 0.18);
      ctx.strokeStyle = accent;
      ctx.lineWidth = 1;
      ctx.fillRect(x - 7, y0, 14, y1 - y0);
      ctx.strokeRect(x - 7.5, y0 + 0.5, 15, Math.max(0, y1 - y0 - 1));
    }
    const row = hover.current;
    if (row === undefined) return;
    ctx.strokeStyle = rows.palette[rows.colorIndex[row] ?? 0] ?? accent;
    ctx.lineWidth = 2.5;
    ctx.globalAlpha = 1;
    strokeRows(ctx, layout, t, axisCount, Uint32Array.of(row), 0, 1, undefined);
    ctx.fillStyle = cssVar('--text', '#1d2127');
    for (let a = 0; a < axisCount; a++) {
      const v = t[row * axisCount + a] ?? NaN;
      if (Number.isNaN(v)) continue;
      ctx.beginPath();
      ctx.arc(layout.xs[a] ?? 0, yOf(layout, v), 3, 0, Math.PI * 2);
      ctx.fill();
    }
  }, [layout, rows, t, axisCount]);

  // Filter and redraw the brushed runs: the work a brush drag costs per frame.
  const drawSelection = useCallback(() => {
    const canvas = selRef.current;
    if (canvas === null || layout.width === 0) return;
    const started = performance.now();
    if (mask.current.length !== rowCount) mask.current = new Uint8Array(rowCount);
    const count = applyBrushes(t, axisCount, rowCount, brushes.current, mask.current);
    const ctx = prepareCanvas(canvas, layout.width, layout.height);
    if (ctx === null) return;
    const wrap = wrapRef.current;
    const alpha = lineAlpha(count);
    const job = ++drawJob.current;
    // The rows still to draw: color bucket c, from position k of the color-sorted order.
    let c = 0;
    let k = buckets.start[0] ?? 0;
    const drawSome = () => {
      if (job !== drawJob.current) return;
      ctx.lineWidth = rowCount > 500 ? 1 : 1.5;
      // Bevel joins: no miter spikes at sharp turns, and cheaper to rasterize than round ones.
      ctx.lineJoin = 'bevel';
      ctx.globalAlpha = alpha;
      let budget = LINES_PER_FRAME;
      while (c < rows.palette.length && budget > 0) {
        const end = buckets.start[c + 1] ?? 0;
        ctx.strokeStyle = rows.palette[c] ?? '#888888';
        const [stop, drawn] = strokeRows(ctx, layout, t, axisCount, buckets.order, k, end, mask.current, budget);
        budget -= drawn;
        k = stop;
        if (k >= end) k = buckets.start[++c] ?? 0;
      }
      const done = c >= rows.palette.length;
      if (wrap !== null) wrap.dataset.drawing = done ? 'done' : 'more';
      if (!done) requestAnimationFrame(drawSome);
    };
    drawSome();
    drawOverlay();
    if (wrap !== null) {
      wrap.dataset.brushedCount = String(count);
      wrap.dataset.brushMs = (performance.now() - started).toFixed(1);
    }
    onBrushedRef.current?.(mask.current, count, brushes.current.size > 0);
  }, [layout, rowCount, t, axisCount, rows, buckets, drawOverlay]);

  const schedule = useCallback((what: 'selection' | 'overlay') => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => (what === 'selection' ? drawSelection() : drawOverlay()));
  }, [drawSelection, drawOverlay]);

  // New axes, runs or scales: old brushes no longer mean the same ranges.
  useEffect(() => {
    brushes.current.clear();
    hover.current = undefined;
    setTip(undefined);
  }, [t]);

  useEffect(() => {
    const canvas = baseRef.current;
    if (canvas === null || layout.width === 0) return;
    const ctx = prepareCanvas(canvas, layout.width, layout.height);
    if (ctx === null) return;
    ctx.strokeStyle = cssVar('--text-faint', '#8a929e');
    // Faint enough that thousands of overlapping lines stay a haze under the brushed ones.
    ctx.globalAlpha = Math.min(0.25, lineAlpha(rowCount) * (rowCount > 1000 ? 0.3 : 0.5));
    ctx.lineWidth = 1;
    strokeRows(ctx, layout, t, axisCount, buckets.order, 0, rowCount, undefined);
    drawSelection();
    return () => {
      cancelAnimationFrame(frame.current);
      drawJob.current++;
    };
  }, [layout, t, axisCount, rowCount, buckets, drawSelection]);

  const nearestAxis = (x: number) => {
    let best = -1;
    layout.xs.forEach((ax, a) => {
      if (Math.abs(ax - x) <= AXIS_HIT && (best < 0 || Math.abs(ax - x) < Math.abs((layout.xs[best] ?? 0) - x))) best = a;
    });
    return best;
  };
  const tAt = (y: number) => Math.min(1, Math.max(0, (layout.bottom - y) / (layout.bottom - layout.top)));

  /** The run whose line passes nearest the pointer (within 6 px), brushed runs first. */
  const hitRow = (x: number, y: number): number | undefined => {
    const xs = layout.xs;
    let seg = 0;
    while (seg < xs.length - 2 && x > (xs[seg + 1] ?? 0)) seg++;
    const x0 = xs[seg] ?? 0;
    const x1 = xs[seg + 1] ?? x0;
    const f = x1 === x0 ? 0 : Math.min(1, Math.max(0, (x - x0) / (x1 - x0)));
    let best: number | undefined;
    let bestD = 6;
    for (let row = 0; row < rowCount; row++) {
      if (brushes.current.size > 0 && mask.current[row] === 0) continue;
      const v0 = t[row * axisCount + seg] ?? NaN;
      const v1 = axisCount > 1 ? (t[row * axisCount + seg + 1] ?? NaN) : v0;
      if (Number.isNaN(v0) || Number.isNaN(v1)) continue;
      const d = Math.abs(yOf(layout, v0 + (v1 - v0) * f) - y);
      if (d < bestD) { bestD = d; best = row; }
    }
    return best;
  };

  const drag = useRef<{ axis: number; t0: number; y0: number } | undefined>(undefined);
  const local = (e: React.PointerEvent) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const onPointerDown = (e: React.PointerEvent<SVGSVGElement>) => {
    const { x, y } = local(e);
    const axis = nearestAxis(x);
    if (axis < 0 || y < layout.top - 8 || y > layout.bottom + 8) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { axis, t0: tAt(y), y0: y };
    hover.current = undefined;
    setTip(undefined);
  };
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const { x, y } = local(e);
    const d = drag.current;
    if (d !== undefined) {
      const range = Math.abs(y - d.y0) < 3 ? undefined : brushFromDrag(d.t0, tAt(y), 0);
      if (range === undefined) brushes.current.delete(d.axis);
      else brushes.current.set(d.axis, range);
      schedule('selection');
      return;
    }
    const row = hitRow(x, y);
    if (row !== hover.current) {
      hover.current = row;
      schedule('overlay');
    }
    setTip(row === undefined ? undefined : { row, x, y });
  };
  const onPointerUp = (e: React.PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (d === undefined) return;
    drag.current = undefined;
    // A click on an axis (no drag) clears its brush.
    if (Math.abs(local(e).y - d.y0) < 3) {
      brushes.current.delete(d.axis);
      schedule('selection');
    }
  };
  const onPointerLeave = () => {
    if (drag.current !== undefined) return;
    hover.current = undefined;
    setTip(undefined);
    schedule('overlay');
  };

  return (
    <div
      className="pc-plot"
      ref={wrapRef}
      style={{ height }}
      data-testid="pc-plot"
      data-axes={JSON.stringify(axes.map((a) => a.id))}
      data-runs={rowCount}
    >
      <canvas ref={baseRef} className="layer" />
      <canvas ref={selRef} className="layer" data-testid="pc-canvas" />
      <canvas ref={overRef} className="layer" />
      <svg
        className="layer pc-axes"
        width={layout.width}
        height={height}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={onPointerLeave}
        role="img"
        aria-label={`Parallel coordinates of ${rowCount} runs over ${axisCount} axes: drag on an axis to brush a range, click an axis to clear it`}
      >
        <Axes axes={axes} scales={scales} layout={layout} />
      </svg>
      {tip !== undefined && <Tooltip rows={rows} axes={axes} row={tip.row} x={tip.x} y={tip.y} width={layout.width} />}
    </div>
  );
});

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text);

const Axes = memo(function Axes({ axes, scales, layout }: { axes: readonly AnalysisColumn[]; scales: readonly AxisScale[]; layout: Layout }) {
  const spacing = axes.length > 1 ? (layout.xs[1] ?? 0) - (layout.xs[0] ?? 0) : layout.width;
  const maxChars = Math.max(4, Math.floor(spacing / 6.5));
  return (
    <>
      {axes.map((column, a) => {
        const x = Math.round(layout.xs[a] ?? 0) + 0.5;
        const scale = scales[a];
        return (
          <g key={column.id} data-axis={column.id} data-scale={scale?.kind}>
            <rect className="pc-axis-hit" x={x - AXIS_HIT} y={layout.top} width={AXIS_HIT * 2} height={layout.bottom - layout.top} />
            <text className="pc-axis-title" x={x} y={12} textAnchor="middle">
              <title>{column.id}{scale?.kind === 'log' ? ' (log)' : ''}</title>
              {shorten(column.key, maxChars)}
            </text>
            <text className="pc-axis-kind" x={x} y={24} textAnchor="middle">{column.kind}{scale?.kind === 'log' ? ' · log' : scale?.kind === 'categorical' ? ' · categories' : ''}</text>
            <line className="pc-axis-line" x1={x} x2={x} y1={layout.top} y2={layout.bottom} />
            {(scale?.ticks ?? []).map((tick) => {
              const y = Math.round(yOf(layout, tick.t)) + 0.5;
              return (
                <g key={`${tick.t}:${tick.label}`}>
                  <line className="pc-axis-line" x1={x - 4} x2={x} y1={y} y2={y} />
                  <text className="pc-tick" x={x - 6} y={y + 3.5} textAnchor="end">{shorten(tick.label, 10)}</text>
                </g>
              );
            })}
          </g>
        );
      })}
    </>
  );
});

function Tooltip({ rows, axes, row, x, y, width }: { rows: PlotRows; axes: readonly AnalysisColumn[]; row: number; x: number; y: number; width: number }) {
  const left = x > width - 280 ? x - 16 : x + 16;
  return (
    <div className="plot-tip" role="tooltip" data-testid="pc-tooltip" style={{ left, top: y + 12, transform: x > width - 280 ? 'translateX(-100%)' : undefined }}>
      <div className="plot-tip-title">
        <span className="swatch" style={{ background: rows.palette[rows.colorIndex[row] ?? 0] }} />
        {rows.labels[row]}
      </div>
      <table>
        <tbody>
          {axes.map((c) => (
            <tr key={c.id}>
              <td className="ellipsis">{c.key}</td>
              <td className={c.type === 'numeric' ? 'num' : undefined}>{cellText(c, row, formatMetric)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

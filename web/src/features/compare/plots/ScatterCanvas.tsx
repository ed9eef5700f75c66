// A scatter of two columns on a canvas (points) under an SVG (grid, ticks, axis names). Categorical
// columns place each category on its own line, points spread a little across it so equal values
// stay visible. Hover finds the nearest point within 8 px.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { formatMetric } from '../../../lib/format';
import { prepareCanvas, useElementWidth } from '../../../lib/canvas/canvas';
import { cssVar } from '../../../lib/theme';
import { cellText, type AnalysisColumn } from '../analysis/columns';
import { scaleFor } from '../analysis/scales';
import type { PlotRows } from './ParallelCoordinatesPlot';

const M = { top: 10, right: 16, bottom: 40, left: 64 };
const PAD = 10;

/** A small deterministic offset in [-1, 1] per row, so the same runs spread the same way every draw. */
const jitter = (row: number, salt: number) => (((row * 2654435761 + salt * 40503) >>> 0) % 1000) / 500 - 1;

export const ScatterCanvas = memo(function ScatterCanvas({ rows, x, y, logX, logY, height = 360 }: {
  rows: PlotRows;
  x: AnalysisColumn;
  y: AnalysisColumn;
  logX: boolean;
  logY: boolean;
  height?: number;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrapRef);
  const sx = useMemo(() => scaleFor(x, logX, Math.max(2, Math.floor(width / 110))), [x, logX, width]);
  const sy = useMemo(() => scaleFor(y, logY, 6), [y, logY]);
  const [hover, setHover] = useState<{ row: number; px: number; py: number } | undefined>(undefined);
  const plotW = Math.max(1, width - M.left - M.right - 2 * PAD);
  const plotH = Math.max(1, height - M.top - M.bottom - 2 * PAD);
  const toX = (t: number) => M.left + PAD + t * plotW;
  const toY = (t: number) => M.top + PAD + (1 - t) * plotH;

  /** Pixel position per row (NaN when a value is missing). */
  const points = useMemo(() => {
    const n = rows.ids.length;
    const xy = new Float32Array(n * 2);
    const catW = x.type === 'categorical' ? Math.min(8, plotW / Math.max(1, x.categories.length) / 4) : 0;
    const catH = y.type === 'categorical' ? Math.min(8, plotH / Math.max(1, y.categories.length) / 4) : 0;
    for (let row = 0; row < n; row++) {
      xy[row * 2] = M.left + PAD + sx.toT(x.values[row] ?? NaN) * plotW + catW * jitter(row, 1);
      xy[row * 2 + 1] = M.top + PAD + (1 - sy.toT(y.values[row] ?? NaN)) * plotH + catH * jitter(row, 2);
    }
    return xy;
  }, [rows, x, y, sx, sy, plotW, plotH]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null || width === 0) return;
    const ctx = prepareCanvas(canvas, width, height);
    if (ctx === null) return;
    const n = rows.ids.length;
    const r = n > 2000 ? 2 : 4;
    ctx.globalAlpha = n > 2000 ? 0.5 : 0.9;
    rows.palette.forEach((color, c) => {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (let row = 0; row < n; row++) {
        if (rows.colorIndex[row] !== c) continue;
        const px = points[row * 2] ?? NaN;
        const py = points[row * 2 + 1] ?? NaN;
        if (Number.isNaN(px) || Number.isNaN(py)) continue;
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, Math.PI * 2);
      }
      ctx.fill();
    });
    if (hover !== undefined) {
      ctx.globalAlpha = 1;
      ctx.strokeStyle = cssVar('--text', '#1d2127');
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(points[hover.row * 2] ?? 0, points[hover.row * 2 + 1] ?? 0, r + 3, 0, Math.PI * 2);
      ctx.stroke();
    }
  }, [rows, points, width, height, hover]);

  const onMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const mx = e.clientX - box.left;
    const my = e.clientY - box.top;
    let best: number | undefined;
    let bestD = 64;
    for (let row = 0; row < rows.ids.length; row++) {
      const dx = (points[row * 2] ?? NaN) - mx;
      const dy = (points[row * 2 + 1] ?? NaN) - my;
      const d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = row; }
    }
    setHover(best === undefined ? undefined : { row: best, px: mx, py: my });
  };

  const missing = useMemo(() => {
    let n = 0;
    for (let row = 0; row < rows.ids.length; row++) if (Number.isNaN(points[row * 2] ?? NaN) || Number.isNaN(points[row * 2 + 1] ?? NaN)) n++;
    return n;
  }, [points, rows]);

  return (
    <div className="scatter-plot" ref={wrapRef} style={{ height }} data-testid="scatter-plot" data-x={x.id} data-y={y.id} data-points={rows.ids.length - missing}>
      <svg className="layer" width={width} height={height} aria-hidden="true">
        {sy.ticks.map((tick) => (
          <g key={`y${tick.t}:${tick.label}`}>
            <line className="plot-grid" x1={M.left} x2={width - M.right} y1={Math.round(toY(tick.t)) + 0.5} y2={Math.round(toY(tick.t)) + 0.5} />
            <text className="plot-tick" x={M.left - 6} y={toY(tick.t) + 3.5} textAnchor="end">{tick.label.length > 10 ? `${tick.label.slice(0, 9)}…` : tick.label}</text>
          </g>
        ))}
        {sx.ticks.map((tick) => (
          <g key={`x${tick.t}:${tick.label}`}>
            <line className="plot-grid" x1={Math.round(toX(tick.t)) + 0.5} x2={Math.round(toX(tick.t)) + 0.5} y1={M.top} y2={height - M.bottom} />
            <text className="plot-tick" x={toX(tick.t)} y={height - M.bottom + 14} textAnchor="middle">{tick.label.length > 14 ? `${tick.label.slice(0, 13)}…` : tick.label}</text>
          </g>
        ))}
        <text className="plot-axis-label" x={M.left + (width - M.left - M.right) / 2} y={height - 6} textAnchor="middle">{x.id}{logX ? ' (log)' : ''}</text>
        <text className="plot-axis-label" transform={`translate(12 ${M.top + (height - M.top - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">{y.id}{logY ? ' (log)' : ''}</text>
      </svg>
      <canvas ref={canvasRef} className="layer" data-testid="scatter-canvas" />
      <svg
        className="layer"
        width={width}
        height={height}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(undefined)}
        role="img"
        aria-label={`Scatter of ${y.id} against ${x.id} for ${rows.ids.length - missing} runs`}
      />
      {hover !== undefined && (
        <div className="plot-tip" role="tooltip" data-testid="scatter-tooltip" style={{ left: hover.px > width - 260 ? hover.px - 14 : hover.px + 14, top: hover.py + 10, transform: hover.px > width - 260 ? 'translateX(-100%)' : undefined }}>
          <div className="plot-tip-title"><span className="swatch" style={{ background: rows.palette[rows.colorIndex[hover.row] ?? 0] }} />{rows.labels[hover.row]}</div>
          <table>
            <tbody>
              <tr><td>{x.key}</td><td className={x.type === 'numeric' ? 'num' : undefined}>{cellText(x, hover.row, formatMetric)}</td></tr>
              <tr><td>{y.key}</td><td className={y.type === 'numeric' ? 'num' : undefined}>{cellText(y, hover.row, formatMetric)}</td></tr>
            </tbody>
          </table>
        </div>
      )}
      {missing > 0 && <div className="muted" style={{ position: 'absolute', right: M.right, top: 0, fontSize: 11 }}>{missing} runs without both values not shown</div>}
    </div>
  );
});

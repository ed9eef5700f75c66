// Draws every line of an envelope chart (band, line, sparse dots) in one pass from uPlot's draw
// hook. uPlot knows only two series (the y scale's top and bottom across all lines): given three
// series per line it paid, per series and redraw, style functions, a path builder, a clip path
// and a canvas save/restore — 300 of each per chart for 100 runs. Here the canvas is clipped
// once and each line costs one fill and one or two strokes.
import uPlot from 'uplot';
import { lineColumns } from '../state/chartData';

export interface LineStyle {
  /** The band's fill, its edges' stroke (edgeWidth 0: none) and the line's stroke. */
  band: string;
  edge: string;
  edgeWidth: number;
  line: string;
}

const LINE_WIDTH = 1.25;
/** Dots as uPlot drew them for a 1.25 px line: 4 px across, a 1.1 px outline. */
const DOT_RADIUS = 1.45;
const DOT_WIDTH = 1.1;
/** A line with at most this many values in view also gets a dot per value (one logged value is no line). */
const MAX_DOTTED_VALUES = 40;

type Canvas = CanvasRenderingContext2D;
type Px = (v: number) => number;
type Values = ArrayLike<number | null | undefined>;

export function drawEnvelopes(u: uPlot, styles: readonly LineStyle[]): void {
  const xs = u.data[0];
  if (xs.length === 0) return;
  const { ctx } = u;
  const ratio = uPlot.pxRatio;
  // Every line shares the x positions: one conversion per bucket, not one per line.
  const x = Float64Array.from(xs, (v) => u.valToPos(v, 'x', true));
  const y: Px = (v) => u.valToPos(v, 'y', true);
  const [i0, i1] = u.series[0]?.idxs ?? [0, xs.length - 1];
  // save/restore also keeps uPlot's own cache of the canvas styles true.
  ctx.save();
  // One clip for every line: the plot plus half a line width, as uPlot clipped each line, but on
  // whole pixels, which keeps the raster of the bands the same as uPlot's whole-pixel band clips.
  const pad = Math.ceil((LINE_WIDTH * ratio) / 2);
  const { left, top, width, height } = u.bbox;
  ctx.beginPath();
  ctx.rect(left - pad, top - pad, width + 2 * pad, height + 2 * pad);
  ctx.clip();
  ctx.lineJoin = 'round';
  styles.forEach((style, i) => {
    const cols = lineColumns(i);
    const max = u.data[cols.max];
    const min = u.data[cols.min];
    const line = u.data[cols.line];
    if (max !== undefined && min !== undefined) drawBand(ctx, x, max, min, y, style, ratio);
    if (line !== undefined) drawLine(ctx, x, line, y, style.line, ratio, dotted(line, i0 ?? 0, i1 ?? xs.length - 1));
  });
  ctx.restore();
}

/**
 * The band as one polygon (max edge forward, min edge back), filled once, its edges stroked as one
 * path. Buckets where either edge is missing (only NaN points, or not positive on a log scale)
 * are skipped, as the lines span them.
 */
function drawBand(ctx: Canvas, x: Float64Array, max: Values, min: Values, y: Px, style: LineStyle, ratio: number): void {
  const at: number[] = [];
  for (let i = 0; i < x.length; i++) if (max[i] != null && min[i] != null) at.push(i);
  if (at.length === 0) return;
  const width = style.edgeWidth * ratio;
  // uPlot's half-pixel shift for odd stroke widths, so edges stay where they were drawn before.
  const shift = (width % 2) / 2;
  ctx.translate(shift, shift);
  const top = at.map((i) => y(max[i] as number));
  const bottom = at.map((i) => y(min[i] as number));
  ctx.beginPath();
  at.forEach((i, k) => ctx.lineTo(x[i] as number, top[k] as number));
  for (let k = at.length - 1; k >= 0; k--) ctx.lineTo(x[at[k] as number] as number, bottom[k] as number);
  ctx.closePath();
  ctx.fillStyle = style.band;
  ctx.fill();
  if (width > 0) {
    ctx.beginPath();
    at.forEach((i, k) => ctx.lineTo(x[i] as number, top[k] as number));
    ctx.moveTo(x[at[0] as number] as number, bottom[0] as number);
    at.forEach((i, k) => ctx.lineTo(x[i] as number, bottom[k] as number));
    ctx.strokeStyle = style.edge;
    ctx.lineWidth = width;
    ctx.stroke();
  }
  ctx.translate(-shift, -shift);
}

/** The line through every value (gaps spanned), on whole pixels as uPlot rounds them; dots if sparse. */
function drawLine(ctx: Canvas, x: Float64Array, values: Values, y: Px, color: string, ratio: number, dots: boolean): void {
  const width = LINE_WIDTH * ratio;
  const shift = (width % 2) / 2;
  ctx.translate(shift, shift);
  ctx.beginPath();
  for (let i = 0; i < x.length; i++) {
    const v = values[i];
    if (v != null) ctx.lineTo(Math.round(x[i] as number), Math.round(y(v)));
  }
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.translate(-shift, -shift);
  if (dots) drawDots(ctx, x, values, y, color, ratio);
}

function drawDots(ctx: Canvas, x: Float64Array, values: Values, y: Px, color: string, ratio: number): void {
  const width = DOT_WIDTH * ratio;
  const radius = DOT_RADIUS * ratio;
  const shift = (width % 2) / 2;
  ctx.translate(shift, shift);
  ctx.beginPath();
  for (let i = 0; i < x.length; i++) {
    const v = values[i];
    if (v == null) continue;
    const cx = Math.round(x[i] as number);
    const cy = Math.round(y(v));
    ctx.moveTo(cx + radius, cy);
    ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
  }
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.fill();
  ctx.stroke();
  ctx.translate(-shift, -shift);
}

/** Whether a line has so few values in view (i0…i1) that a line alone could hide them. */
function dotted(values: Values, i0: number, i1: number): boolean {
  let n = 0;
  for (let i = i0; i <= i1; i++) if (values[i] != null && ++n > MAX_DOTTED_VALUES) return false;
  return true;
}

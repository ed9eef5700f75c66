// Where each run sits on each axis, as t in [0, 1], in one row-major Float32Array: what the
// parallel coordinates draw, hit-test and brush. Also the counting sort that groups runs by color,
// so a redraw strokes one path per color instead of one per run.
import type { AnalysisColumn } from './columns.js';
import type { AxisScale } from './scales.js';

export function axisPositions(columns: readonly AnalysisColumn[], scales: readonly AxisScale[], rowCount: number): Float32Array {
  const axisCount = columns.length;
  const t = new Float32Array(rowCount * axisCount);
  columns.forEach((column, a) => {
    const scale = scales[a];
    for (let row = 0; row < rowCount; row++) t[row * axisCount + a] = scale ? scale.toT(column.values[row] ?? NaN) : NaN;
  });
  return t;
}

export interface ColorBuckets {
  /** Row indexes grouped by color: rows of color c are order[start[c] .. start[c + 1]). */
  order: Uint32Array;
  start: Uint32Array;
}

export function colorBuckets(colorIndex: Uint16Array, colors: number): ColorBuckets {
  const start = new Uint32Array(colors + 1);
  for (const c of colorIndex) start[c + 1] = (start[c + 1] ?? 0) + 1;
  for (let c = 0; c < colors; c++) start[c + 1] = (start[c + 1] ?? 0) + (start[c] ?? 0);
  const next = start.slice(0, colors);
  const order = new Uint32Array(colorIndex.length);
  colorIndex.forEach((c, row) => {
    order[next[c] ?? 0] = row;
    next[c] = (next[c] ?? 0) + 1;
  });
  return { order, start };
}

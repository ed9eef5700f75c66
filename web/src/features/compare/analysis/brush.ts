// Brushing: a range of t (0 = bottom, 1 = top) on one or more axes; a run is brushed when its value
// lies inside every brushed axis's range (AND). One pass over a typed array, no allocation per run,
// so 10,000 runs × 15 axes filter in well under a millisecond.

export interface BrushRange {
  lo: number;
  hi: number;
}

/** Brushes by axis index. */
export type Brushes = ReadonlyMap<number, BrushRange>;

/**
 * Row-major positions: `t[row * axisCount + axis]`, NaN where the run has no value. Fills `mask`
 * (1 = brushed) and returns how many runs are brushed; with no brushes every run is.
 */
export function applyBrushes(t: Float32Array, axisCount: number, rowCount: number, brushes: Brushes, mask: Uint8Array): number {
  if (brushes.size === 0) {
    mask.fill(1, 0, rowCount);
    return rowCount;
  }
  const axes = [...brushes.keys()];
  const los = Float32Array.from(axes, (a) => brushes.get(a)?.lo ?? 0);
  const his = Float32Array.from(axes, (a) => brushes.get(a)?.hi ?? 1);
  let count = 0;
  for (let row = 0; row < rowCount; row++) {
    const base = row * axisCount;
    let inside = 1;
    for (let k = 0; k < axes.length; k++) {
      const v = t[base + (axes[k] ?? 0)] ?? NaN;
      // NaN (not logged) fails both comparisons' negation: a run without the value is never brushed.
      if (!(v >= (los[k] ?? 0) && v <= (his[k] ?? 1))) { inside = 0; break; }
    }
    mask[row] = inside;
    count += inside;
  }
  return count;
}

/** A drag from t0 to t1 as a range; undefined for a click (a drag shorter than `minSpan`), which clears the axis. */
export function brushFromDrag(t0: number, t1: number, minSpan: number): BrushRange | undefined {
  const lo = Math.max(0, Math.min(t0, t1));
  const hi = Math.min(1, Math.max(t0, t1));
  return hi - lo < minSpan ? undefined : { lo, hi };
}

// The rows of the runs grid to render for a scroll position (pure: tested without a DOM).

export interface RowWindow {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last one to render (exclusive). */
  end: number;
}

/**
 * The rows to render when row `first` is at the top and `fits` rows fit on screen. A `first` past
 * the end (the table shrank under a scrolled-down screen, the browser has not clamped scrollTop yet)
 * shows the last screenful, where the scroll will land.
 */
export function windowOf(first: number, fits: number, rowCount: number, overscan: number): RowWindow {
  const top = Math.max(0, Math.min(first, rowCount - fits));
  return { start: Math.max(0, top - overscan), end: Math.min(rowCount, top + fits + overscan) };
}

import { useCallback, useRef, useSyncExternalStore, type RefObject } from 'react';
import { windowOf, type RowWindow } from '../state/rowWindow';

/** Before the scroller is measured: a tall screen's height. */
const UNMEASURED_HEIGHT = 1200;

/**
 * The rows of a fixed-row-height list that are on screen, plus `overscan` on either side, from the
 * scroller's scrollTop and height alone. No per-row bookkeeping: TanStack Virtual rebuilt a list of
 * every row's offset each time the row count grew (each keyset page), which at 100,000 runs made a
 * whole scroll quadratic. The body may start below a sticky header: the window then reaches one
 * header's height further down than needed, which the overscan absorbs.
 *
 * useSyncExternalStore re-renders synchronously (before the frame is painted) and only when the
 * first visible row or the number of rows that fit changes. The scroll position is read in the
 * scroll and resize events, where layout is clean: React reads the snapshot again right after
 * committing new rows, and reading scrollTop there would force a layout in the middle of the frame.
 */
export function useRowWindow(scrollRef: RefObject<HTMLElement | null>, rowCount: number, rowHeight: number, overscan: number): RowWindow {
  // Replaced only when a value changes: the snapshot's identity is what React compares.
  const viewport = useRef<Viewport>({ first: 0, fits: rowsThatFit(UNMEASURED_HEIGHT, rowHeight) });
  const subscribe = useCallback(
    (onChange: () => void) => {
      const el = scrollRef.current;
      if (!el) return () => {};
      const read = () => {
        const first = Math.floor(el.scrollTop / rowHeight);
        const fits = rowsThatFit(el.clientHeight, rowHeight);
        if (first === viewport.current.first && fits === viewport.current.fits) return;
        viewport.current = { first, fits };
        onChange();
      };
      read();
      el.addEventListener('scroll', read, { passive: true });
      const resize = new ResizeObserver(read);
      resize.observe(el);
      return () => {
        el.removeEventListener('scroll', read);
        resize.disconnect();
      };
    },
    [scrollRef, rowHeight],
  );
  // One store, one subscription: with two, React rendered between the two listeners and the
  // second one's read of scrollTop forced a layout of the rows just committed.
  const { first, fits } = useSyncExternalStore(subscribe, () => viewport.current);
  return windowOf(first, fits, rowCount, overscan);
}

interface Viewport {
  /** The row at the top of the screen. */
  first: number;
  /** How many rows fit on screen (one more: a row may be cut at both edges). */
  fits: number;
}

function rowsThatFit(height: number, rowHeight: number): number {
  return Math.ceil(height / rowHeight) + 1;
}

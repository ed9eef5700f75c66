import { useEffect, useState, type RefObject } from 'react';

/** The element's width in px, rounded down to `step` so small resizes do not refetch a chart's buckets. */
export function useElementWidth(ref: RefObject<Element | null>, step = 50): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    // Measured only when the observer reports (its first report comes with the next layout), not
    // at once: read in an effect, after other charts' effects changed the DOM, clientWidth forced a
    // layout of the whole page per chart (20 charts of 100 runs: ~0.2 s of the compare page's open).
    const observer = new ResizeObserver(() => setWidth(Math.max(step, Math.floor(element.clientWidth / step) * step)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, step]);
  return width;
}

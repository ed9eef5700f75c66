import { useEffect, useState, type RefObject } from 'react';

/** The element's width in px, rounded down to `step` so small resizes do not refetch a chart's buckets. */
export function useElementWidth(ref: RefObject<Element | null>, step = 50): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => setWidth(Math.max(step, Math.floor(element.clientWidth / step) * step));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, step]);
  return width;
}

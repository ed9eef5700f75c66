import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/**
 * A uPlot chart that follows its container's width. Three separate updates, as Grafana's
 * uPlot wrapper does: new options rebuild the chart, new data (a new reference) calls setData,
 * a new width calls setSize. Data stays columnar (typed arrays) from the SDK to the canvas.
 * `xRange` pins the x scale to a zoomed window (the y scale then fits the points inside it);
 * without it the x scale fits the data.
 */
export function UPlotChart({ options, data, height, className, xRange }: {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  className?: string;
  xRange?: readonly [number, number];
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;
  const rangeRef = useRef(xRange);
  rangeRef.current = xRange;

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    // Built when the observer first reports the container's width (with the next layout), not at
    // once: reading clientWidth in an effect, after other charts were built, forced a layout per
    // chart. setSize redraws the whole chart even at the same size, so only a new width calls it.
    let plot: uPlot | null = null;
    const observer = new ResizeObserver((entries) => {
      const width = Math.max(100, Math.floor(entries[entries.length - 1]?.contentRect.width ?? 0));
      if (plot === null) {
        plot = new uPlot({ ...options, width, height }, dataRef.current, container);
        plotRef.current = plot;
        applyRange(plot, rangeRef.current);
      } else if (width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot?.destroy();
      plotRef.current = null;
    };
  }, [options, height]);

  const lo = xRange?.[0];
  const hi = xRange?.[1];
  const zoomed = useRef(false);
  useEffect(() => {
    const plot = plotRef.current;
    const wasZoomed = zoomed.current;
    zoomed.current = lo !== undefined;
    // Not built yet: it is built with the latest data and range.
    if (plot === null) return;
    // New data, or a zoom just cleared (setData refits the scales); not the data the chart was
    // just built with, which would draw it a second time.
    if (plot.data !== data || (lo === undefined && wasZoomed)) plot.setData(data);
    applyRange(plot, lo === undefined || hi === undefined ? undefined : [lo, hi]);
  }, [data, lo, hi]);

  return <div ref={containerRef} className={className} style={{ minHeight: height }} />;
}

function applyRange(plot: uPlot, range: readonly [number, number] | undefined): void {
  if (range !== undefined) plot.setScale('x', { min: range[0], max: range[1] });
}

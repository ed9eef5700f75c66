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
    const plot = new uPlot({ ...options, width: Math.max(100, container.clientWidth), height }, dataRef.current, container);
    plotRef.current = plot;
    applyRange(plot, rangeRef.current);
    // setSize redraws the whole chart even at the same size, and an observer reports the size it
    // starts with: without the check every chart was drawn twice on mount (100 lines: ~2x the paint).
    const observer = new ResizeObserver(() => {
      const width = Math.max(100, container.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [options, height]);

  const lo = xRange?.[0];
  const hi = xRange?.[1];
  const zoomed = useRef(false);
  useEffect(() => {
    const plot = plotRef.current;
    if (plot === null) return;
    // New data, or a zoom just cleared (setData refits the scales); not the data the chart was
    // just built with, which would draw it a second time.
    if (plot.data !== data || (lo === undefined && zoomed.current)) plot.setData(data);
    zoomed.current = lo !== undefined;
    applyRange(plot, lo === undefined || hi === undefined ? undefined : [lo, hi]);
  }, [data, lo, hi]);

  return <div ref={containerRef} className={className} style={{ minHeight: height }} />;
}

function applyRange(plot: uPlot, range: readonly [number, number] | undefined): void {
  if (range !== undefined) plot.setScale('x', { min: range[0], max: range[1] });
}

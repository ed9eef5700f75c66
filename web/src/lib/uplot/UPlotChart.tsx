import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/**
 * A uPlot chart that follows its container's width. Three separate updates, as Grafana's
 * uPlot wrapper does: new options rebuild the chart, new data (a new reference) calls setData,
 * a new width calls setSize. Data stays columnar (typed arrays) from the SDK to the canvas.
 */
export function UPlotChart({ options, data, height, className }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; height: number; className?: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    const plot = new uPlot({ ...options, width: Math.max(100, container.clientWidth), height }, dataRef.current, container);
    plotRef.current = plot;
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(100, container.clientWidth), height }));
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    if (plotRef.current !== null && plotRef.current.data !== data) plotRef.current.setData(data);
  }, [data]);

  return <div ref={containerRef} className={className} style={{ minHeight: height }} />;
}

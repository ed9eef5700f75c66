import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { formatMetric } from '../../../lib/format';
import { cssVar } from '../../../lib/theme';
import { UPlotChart } from '../../../lib/uplot/UPlotChart';
import { useInView } from '../../../lib/useInView';
import { useMetricSeries } from '../api/useRun';

const HEIGHT = 170;

/** One metric of one run against its step; fetched and drawn once scrolled near. */
export function MetricChart({ runId, metricKey }: { runId: string; metricKey: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const visible = useInView(ref);
  const series = useMetricSeries(runId, metricKey, visible);
  const data = useMemo<uPlot.AlignedData | undefined>(() => (series.data ? [series.data.step, drawable(series.data.value)] : undefined), [series.data]);
  const finite = useMemo(() => (series.data ? countFinite(series.data.value) : 0), [series.data]);
  const options = useMemo(() => chartOptions(metricKey), [metricKey]);
  const points = series.data?.step.length;
  return (
    <figure className="card metric-chart" ref={ref} data-testid={`metric-chart-${metricKey}`}>
      <figcaption>
        <span className="ellipsis" title={metricKey}>{metricKey}</span>
        <span className="faint num">{points === undefined ? '' : `${points.toLocaleString()} point${points === 1 ? '' : 's'}`}</span>
      </figcaption>
      {series.isError ? (
        <div className="chart-placeholder field-error">{series.error instanceof Error ? series.error.message : 'failed'}</div>
      ) : data === undefined ? (
        <div className="chart-placeholder faint" style={{ height: HEIGHT }}>{visible ? 'Loading…' : ''}</div>
      ) : finite === 0 ? (
        <div className="metric-single" data-testid="metric-no-finite"><span className="muted">Nothing to draw: every value is NaN or infinite.</span></div>
      ) : points === 1 ? (
        <SingleValue value={series.data?.value[0]} step={series.data?.step[0]} />
      ) : (
        <UPlotChart options={options} data={data} height={HEIGHT} />
      )}
    </figure>
  );
}

/**
 * uPlot leaves a gap at NaN but cannot scale an axis to ±Infinity (a diverged loss), so infinite
 * values become gaps too; the series is copied only when it has one.
 */
function drawable(values: Float64Array): Float64Array {
  if (!values.some((v) => v === Infinity || v === -Infinity)) return values;
  return values.map((v) => (Number.isFinite(v) ? v : NaN));
}

function countFinite(values: Float64Array): number {
  let count = 0;
  for (const v of values) if (Number.isFinite(v)) count++;
  return count;
}

/** A metric logged once (a test score, autolog's training_*): a line of one point says less than the number. */
function SingleValue({ value, step }: { value: number | undefined; step: number | undefined }) {
  return (
    <div className="metric-single" data-testid="metric-single-value">
      <span className="value">{value === undefined ? '—' : formatMetric(value)}</span>
      <span className="faint">logged once, at step {step ?? 0}</span>
    </div>
  );
}

function chartOptions(metricKey: string): Omit<uPlot.Options, 'width' | 'height'> {
  const grid = cssVar('--border', '#e1e4e8');
  const text = cssVar('--text-muted', '#5d6673');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
  return {
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false } },
    axes: [{ ...axis }, { ...axis, size: 56, values: (_u, ticks) => ticks.map((t) => formatMetric(t)) }],
    series: [
      { label: 'step', value: (_u, v) => (v == null ? '—' : String(v)) },
      { label: metricKey, stroke: cssVar('--accent', '#2f6fdb'), width: 1.5, value: (_u, v) => (v == null ? '—' : formatMetric(v)) },
    ],
  };
}

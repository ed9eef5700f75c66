import { useMemo, useRef, useState } from 'react';
import { formatMetric } from '../../../lib/format';
import { cssVar } from '../../../lib/theme';
import { useElementWidth } from '../../../lib/useElementWidth';
import { useInView } from '../../../lib/useInView';
import { useEnvelope } from '../../charts/api/useEnvelope';
import { EnvelopeChart } from '../../charts/components/EnvelopeChart';
import type { SeriesEnvelope } from '../../charts/state/envelope';
import type { XRange } from '../../charts/state/xAxis';

const HEIGHT = 170;
const NO_SMOOTHING = { kind: 'none' } as const;

/**
 * One metric of one run against its step, drawn from the server's min–max envelope (one bucket
 * per pixel, so a 10,000,000-point metric costs what a 1,000-point one does); drag to zoom
 * re-fetches finer buckets, double-click resets. Fetched once scrolled near.
 */
export function MetricChart({ runId, metricKey, startMs, live }: { runId: string; metricKey: string; startMs: number; live: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const near = useInView(ref);
  const width = useElementWidth(ref);
  const [zoom, setZoom] = useState<XRange | undefined>();
  const series = useMemo(() => [{ runId, metricKey, startMs }], [runId, metricKey, startMs]);
  const query = useEnvelope({ series, xKind: 'step', range: zoom, buckets: width }, { enabled: near && width > 0, live });
  const lines = useMemo(() => [{ id: runId, label: metricKey, color: cssVar('--accent', '#2f6fdb') }], [runId, metricKey]);
  const envelope = query.data?.[0];
  const points = envelope?.count;
  // Whole-series answers only: a zoomed window with one point in it is still a line.
  const shape = envelope === undefined || zoom !== undefined ? 'line' : envelopeShape(envelope);
  return (
    <figure className="card metric-chart" ref={ref} data-testid={`metric-chart-${metricKey}`}>
      <figcaption>
        <span className="ellipsis" title={metricKey}>{metricKey}</span>
        <span className="faint num">
          {zoom !== undefined && <button className="link" onClick={() => setZoom(undefined)}>reset zoom</button>}
          {points === undefined ? '' : `${points.toLocaleString('en-GB')} point${points === 1 ? '' : 's'}${zoom ? ' in view' : ''}`}
        </span>
      </figcaption>
      {shape === 'single' && envelope ? (
        <SingleValue value={envelope.last[0]} step={envelope.x[0]} />
      ) : shape === 'nothing-finite' ? (
        <div className="metric-single" data-testid="metric-no-finite" style={{ height: HEIGHT }}>
          <span className="muted">Nothing to draw: every value is NaN or infinite.</span>
        </div>
      ) : (
      <EnvelopeChart
        lines={lines}
        envelopes={query.data}
        xKind="step"
        logY={false}
        smoothing={NO_SMOOTHING}
        range={zoom}
        onZoom={setZoom}
        slots={width}
        height={HEIGHT}
        isFetching={query.isFetching}
        isPending={near && query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
      )}
    </figure>
  );
}

/** A metric logged once is a number, not a chart; one with no finite value (a diverged loss) says so. */
function envelopeShape(envelope: SeriesEnvelope): 'line' | 'single' | 'nothing-finite' {
  if (envelope.count === 0) return 'line';
  const finite = (a: Float64Array) => a.some((v) => Number.isFinite(v));
  if (!finite(envelope.min) && !finite(envelope.max) && !finite(envelope.last)) return 'nothing-finite';
  return envelope.count === 1 ? 'single' : 'line';
}

/** A metric logged once (a test score, autolog's training_*): a line of one point says less than the number. */
function SingleValue({ value, step }: { value: number | undefined; step: number | undefined }) {
  return (
    <div className="metric-single" data-testid="metric-single-value" style={{ height: HEIGHT }}>
      <span className="value">{value === undefined ? '—' : formatMetric(value)}</span>
      <span className="faint">logged once, at step {step ?? 0}</span>
    </div>
  );
}

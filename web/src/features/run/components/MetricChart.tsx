import { useMemo, useRef, useState } from 'react';
import { cssVar } from '../../../lib/theme';
import { useElementWidth } from '../../../lib/useElementWidth';
import { useInView } from '../../../lib/useInView';
import { useEnvelope } from '../../charts/api/useEnvelope';
import { EnvelopeChart } from '../../charts/components/EnvelopeChart';
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
  const points = query.data?.[0]?.count;
  return (
    <figure className="card metric-chart" ref={ref} data-testid={`metric-chart-${metricKey}`}>
      <figcaption>
        <span className="ellipsis" title={metricKey}>{metricKey}</span>
        <span className="faint num">
          {zoom !== undefined && <button className="link" onClick={() => setZoom(undefined)}>reset zoom</button>}
          {points === undefined ? '' : `${points.toLocaleString('en-GB')} point${points === 1 ? '' : 's'}${zoom ? ' in view' : ''}`}
        </span>
      </figcaption>
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
    </figure>
  );
}

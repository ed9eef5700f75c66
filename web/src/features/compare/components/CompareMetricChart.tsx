import { useMemo, useRef } from 'react';
import { useElementWidth } from '../../../lib/useElementWidth';
import { bucketsPerLine, bucketsWithoutWidth } from '../../charts/api/envelopeRequests';
import { useEnvelope } from '../../charts/api/useEnvelope';
import { EnvelopeChart } from '../../charts/components/EnvelopeChart';
import type { XRange } from '../../charts/state/xAxis';
import type { ChartSettings } from '../state/chartSettings';
import type { CompareRun } from '../state/compareRun';

const HEIGHT = 220;

/** No chart is narrower: the grid's columns are at least 460 px (charts.css), widths step by 50. */
const MIN_WIDTH = 450;

/**
 * One metric of every compared run, fetched as soon as the page knows its width (not when scrolled
 * near: every chart is drawn, and waiting for the scroll made 20 charts 20 round trips in turn), or
 * at once when its lines share the bucket budget so thinly that the width cannot matter;
 * re-fetched on zoom and while runs run.
 */
export function CompareMetricChart({ metricKey, runs, visible, settings, onZoom, live }: {
  metricKey: string;
  runs: CompareRun[];
  visible: CompareRun[];
  settings: ChartSettings;
  onZoom: (range: XRange | undefined) => void;
  live: boolean;
}) {
  const ref = useRef<HTMLElement>(null);
  const width = useElementWidth(ref);
  const seriesKey = runs.map((r) => `${r.id}:${r.run.info.start_time}`).join(',');
  const series = useMemo(() => runs.map((r) => ({ runId: r.id, metricKey, startMs: r.run.info.start_time })), [seriesKey, metricKey]);
  // Many lines get the budget's share whatever the width: asked before the first layout reports
  // the width (with 100 runs, that layout and the render it triggers held every request back
  // 0.3-0.4 s at load).
  const early = bucketsWithoutWidth(series.length, MIN_WIDTH);
  const buckets = early ?? bucketsPerLine(width, series.length);
  const query = useEnvelope({ series, xKind: settings.xKind, range: settings.zoom, buckets }, { enabled: early !== undefined || width > 0, live });
  // Keyed by content: a live refresh brings new run objects every few seconds, and new lines would
  // rebuild the chart (uPlot options) each time.
  const linesKey = visible.map((r) => `${r.id}\u0000${r.label}\u0000${r.color}`).join('\u0001');
  const lines = useMemo(() => visible.map((r) => ({ id: r.id, label: r.label, color: r.color })), [linesKey]);
  return (
    <figure className="card metric-chart" ref={ref} data-testid={`compare-chart-${metricKey}`} data-metric={metricKey}>
      <figcaption>
        <span className="ellipsis" title={metricKey}>{metricKey}</span>
        <span className="faint num">{query.data === undefined ? '' : pointsLabel(query.data.reduce((n, e) => n + (visible.some((r) => r.id === e.runId) ? e.count : 0), 0))}</span>
      </figcaption>
      <EnvelopeChart
        lines={lines}
        // Drawn once the width is known: the lines are aligned on as many x cells as pixels.
        envelopes={width > 0 ? query.data : undefined}
        xKind={settings.xKind}
        logY={settings.logY}
        smoothing={settings.smoothing}
        range={settings.zoom}
        onZoom={onZoom}
        slots={width}
        height={HEIGHT}
        isFetching={query.isFetching}
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    </figure>
  );
}

const pointsLabel = (n: number) => `${n.toLocaleString('en-GB')} point${n === 1 ? '' : 's'}`;

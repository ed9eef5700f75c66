import { useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { describeError } from '../../../components/states/ErrorState';
import { UPlotChart } from '../../../lib/uplot/UPlotChart';
import { toChartData } from '../state/chartData';
import type { SeriesEnvelope } from '../state/envelope';
import type { Smoothing } from '../state/smoothing';
import type { XKind, XRange } from '../state/xAxis';
import { envelopeOptions, type ChartCallbacks, type ChartLine } from './envelopeOptions';
import { HoverPanel, type Hover } from './HoverPanel';
import './charts.css';

export interface EnvelopeChartProps {
  lines: readonly ChartLine[];
  envelopes: readonly SeriesEnvelope[] | undefined;
  xKind: XKind;
  logY: boolean;
  smoothing: Smoothing;
  range?: XRange;
  onZoom: (range: XRange | undefined) => void;
  /** Buckets asked for: the x cells lines are snapped to when they do not share x positions. */
  slots: number;
  height: number;
  isFetching: boolean;
  error: unknown;
  /** Still waiting for the first answer (or not yet scrolled near). */
  isPending: boolean;
  onRetry?: () => void;
}

/**
 * Lines drawn from the server's min–max envelope: per line a translucent band (every point's
 * range, so no spike is lost however far zoomed out) and the bucket's last value as the line,
 * smoothed if asked. Drag to zoom (the caller re-fetches finer buckets), double-click to reset;
 * hovering lists every line's value at that x. Old data stays drawn while a new answer loads.
 */
export function EnvelopeChart(props: EnvelopeChartProps) {
  const { lines, envelopes, xKind, logY, smoothing, range, slots, height } = props;
  const [hover, setHover] = useState<Hover | null>(null);
  const callbacks = useRef<ChartCallbacks>({ onZoom: props.onZoom, onHover: setHover });
  callbacks.current = { onZoom: props.onZoom, onHover: setHover };

  const ids = useMemo(() => lines.map((l) => l.id), [lines]);
  const data = useMemo(() => (envelopes === undefined ? undefined : toChartData(ids, envelopes, slots, smoothing, logY)), [ids, envelopes, slots, smoothing, logY]);
  const options = useMemo(() => envelopeOptions(lines, xKind, logY, callbacks), [lines, xKind, logY]);

  const state = data === undefined ? (props.error ? 'error' : 'loading') : data.drawnLines === 0 ? 'empty' : 'ready';
  return (
    <div
      className="envelope-chart"
      style={{ height }}
      data-state={state}
      data-fetching={props.isFetching ? 'true' : 'false'}
      data-lines={lines.length}
      data-buckets={data?.buckets}
      data-points={data?.points}
      data-ymax={data?.yMax ?? undefined}
      data-snapped={data?.aligned.snapped ? 'true' : undefined}
      onMouseLeave={() => setHover(null)}
    >
      {state === 'ready' && data !== undefined && (
        <>
          <UPlotChart options={options} data={data.columns as uPlot.AlignedData} height={height} xRange={range} />
          {hover !== null && <HoverPanel hover={hover} lines={lines} data={data} xKind={xKind} />}
        </>
      )}
      {state === 'loading' && <div className="chart-placeholder faint" style={{ height }}>{props.isPending ? 'Loading…' : ''}</div>}
      {state === 'error' && (
        <div className="chart-placeholder chart-message" role="alert" style={{ height }}>
          <strong>Could not load this metric</strong>
          <span>{describeError(props.error)}</span>
          {props.onRetry && <button className="small" onClick={props.onRetry}>Try again</button>}
        </div>
      )}
      {state === 'empty' && data !== undefined && <EmptyChart data={data} zoomed={range !== undefined} logY={logY} height={height} />}
      {props.isFetching && data !== undefined && <span className="chart-busy" aria-live="polite">updating…</span>}
      {props.error !== null && props.error !== undefined && data !== undefined && <span className="chart-busy field-error" title={describeError(props.error)}>refresh failed</span>}
    </div>
  );
}

function EmptyChart({ data, zoomed, logY, height }: { data: ReturnType<typeof toChartData>; zoomed: boolean; logY: boolean; height: number }) {
  const message =
    data.points > 0 && data.nanPoints === data.points
      ? ['Only NaN values', `${data.points.toLocaleString('en-GB')} point${data.points === 1 ? ' is' : 's, all'} NaN: nothing to draw.`]
      : data.points > 0 && logY
        ? ['Nothing positive to draw', 'A log scale shows only values above 0: switch the y axis to linear.']
        : zoomed
          ? ['No points in this window', 'Double-click the chart or reset the zoom.']
          : ['No values', 'No shown run logged this metric.'];
  return (
    <div className="chart-placeholder chart-message" style={{ height }} data-testid="chart-empty">
      <strong>{message[0]}</strong>
      <span className="muted">{message[1]}</span>
    </div>
  );
}

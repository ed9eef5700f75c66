import { formatMetric, formatTime } from '../../../lib/format';
import { fromWireDouble, type Metric } from '../../../lib/strata';
import { MetricChart } from './MetricChart';

/** Latest value of every metric, then one chart per metric (each fetched when scrolled near; refreshed while the run runs). */
export function MetricsSection({ runId, metrics, live = false }: { runId: string; metrics: Metric[]; live?: boolean }) {
  if (metrics.length === 0) return <div className="muted">No metrics logged.</div>;
  const sorted = [...metrics].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <>
      <table className="data" aria-label="Latest metric values" style={{ maxWidth: 720 }}>
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">Latest</th>
            <th className="num">Step</th>
            <th className="num">Logged</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((m) => (
            <tr key={m.key}>
              <td className="mono">{m.key}</td>
              <td className="num" title={String(m.value)}>{formatMetric(fromWireDouble(m.value))}</td>
              <td className="num muted">{m.step}</td>
              <td className="num muted">{formatTime(m.timestamp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="charts-grid">
        {sorted.map((m) => <MetricChart key={m.key} runId={runId} metricKey={m.key} startMs={0} live={live} />)}
      </div>
    </>
  );
}

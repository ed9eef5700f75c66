/**
 * Metric history responses. A whole history (up to hundreds of thousands of points, the
 * largest response the server writes) arrives from the store as JSON text and is only
 * wrapped. A page goes through JSON.stringify over fresh objects of one shape (V8's
 * fastest serialising path), with the non-finite values already swapped for their
 * proto3 strings.
 */
import type { WireDouble } from '../../api/mlflow-tracking.js';
import type { Metric } from '../../core/entities.js';
import type { MetricWithRunId } from '../../core/ports/metadata-store.js';
import { toWireDouble, wireDoubleJson } from './wire-double.js';

function pointJson(keyJson: string, m: Metric): string {
  return `{"key":${keyJson},"value":${wireDoubleJson(m.value)},"timestamp":${m.timestamp},"step":${m.step}}`;
}

interface WirePoint {
  key: string;
  value: WireDouble;
  timestamp: number;
  step: number;
}

/** GetMetricHistory.Response; `metrics` left out when empty, as MLflow does. */
export function metricHistoryJson(metrics: Metric[], nextPageToken?: string): string {
  const body: { metrics?: WirePoint[]; next_page_token?: string } = {};
  if (metrics.length > 0) {
    const points = new Array<WirePoint>(metrics.length);
    for (let i = 0; i < metrics.length; i++) {
      const m = metrics[i] as Metric;
      const value = Number.isFinite(m.value) ? m.value : toWireDouble(m.value);
      points[i] = { key: m.key, value, timestamp: m.timestamp, step: m.step };
    }
    body.metrics = points;
  }
  if (nextPageToken) body.next_page_token = nextPageToken;
  return JSON.stringify(body);
}

/** GetMetricHistory.Response around a `metrics` list already written as JSON text. */
export function metricHistoryFromJson(metricsJson: string): string {
  return metricsJson === '[]' ? '{}' : `{"metrics":${metricsJson}}`;
}

/** GetMetricHistoryBulkInterval.Response. */
export function metricsWithRunIdJson(metrics: MetricWithRunId[]): string {
  if (metrics.length === 0) return '{}';
  const items = metrics.map((m) => {
    const point = pointJson(JSON.stringify(m.key), m);
    return `${point.slice(0, -1)},"run_id":${JSON.stringify(m.runId)}}`;
  });
  return `{"metrics":[${items.join(',')}]}`;
}

/**
 * Metric history responses, written straight to JSON text: a history of 100,000
 * points serialises several times faster this way than through objects and
 * JSON.stringify, and the shape is fixed.
 */
import type { Metric } from '../../core/entities.js';
import type { MetricWithRunId } from '../../core/ports/metadata-store.js';
import { wireDoubleJson } from './wire-double.js';

function pointJson(keyJson: string, m: Metric): string {
  return `{"key":${keyJson},"value":${wireDoubleJson(m.value)},"timestamp":${m.timestamp},"step":${m.step}}`;
}

/** GetMetricHistory.Response; `metrics` left out when empty, as MLflow does. */
export function metricHistoryJson(metrics: Metric[], nextPageToken?: string): string {
  const parts: string[] = [];
  if (metrics.length > 0) {
    const keyJsonCache = new Map<string, string>();
    const items = new Array<string>(metrics.length);
    for (let i = 0; i < metrics.length; i++) {
      const m = metrics[i] as Metric;
      let keyJson = keyJsonCache.get(m.key);
      if (keyJson === undefined) {
        keyJson = JSON.stringify(m.key);
        keyJsonCache.set(m.key, keyJson);
      }
      items[i] = pointJson(keyJson, m);
    }
    parts.push(`"metrics":[${items.join(',')}]`);
  }
  if (nextPageToken) parts.push(`"next_page_token":${JSON.stringify(nextPageToken)}`);
  return `{${parts.join(',')}}`;
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

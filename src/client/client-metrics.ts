/**
 * `client.metrics`: metric histories. `series` returns columns (Float64Array per field),
 * never one object per point, so a chart can hand them to its canvas as they are.
 */
import type * as W from '../api/mlflow-tracking.js';
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type MetricEnvelopeRequest, type MetricEnvelopeResponse } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import { mlflowCall } from './client-experiments.js';
import type { HttpTransport } from './http-transport.js';
import { fromWireDouble } from './wire-double.js';

/** A metric's points as columns, ordered by step (then timestamp). */
export interface MetricSeries {
  key: string;
  step: Float64Array;
  value: Float64Array;
  timestamp: Float64Array;
}

export function metricsApi(transport: HttpTransport) {
  const call = mlflowCall(transport);
  const history = (runId: string, key: string, options: { pageToken?: string; maxResults?: number } = {}) =>
    call('getMetricHistory', { run_id: runId, metric_key: key, page_token: options.pageToken, max_results: options.maxResults });
  return {
    history,
    /** Every point of one metric of one run, as columns. */
    async series(runId: string, key: string): Promise<MetricSeries> {
      const points: W.Metric[] = [];
      let pageToken: string | undefined;
      do {
        const page = await history(runId, key, pageToken === undefined ? {} : { pageToken });
        for (const point of page.metrics ?? []) points.push(point);
        pageToken = page.next_page_token || undefined;
      } while (pageToken !== undefined);
      return toSeries(key, points);
    },
    bulkInterval: (request: W.GetMetricHistoryBulkIntervalRequest) => call('getMetricHistoryBulkInterval', request),
    /**
     * Per-bucket min, max, first, last and count of many series over one x range: what a chart
     * draws. `signal` aborts it (a chart that left the page): the promise rejects with its reason.
     */
    envelope: (request: MetricEnvelopeRequest, options: { signal?: AbortSignal } = {}): Promise<MetricEnvelopeResponse> =>
      callEndpoint(transport, STRATA_API_PREFIX, STRATA_ENDPOINTS.metricEnvelope, request, 'idempotent', options.signal),
  };
}

export function toSeries(key: string, points: readonly W.Metric[]): MetricSeries {
  const sorted = [...points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  const series: MetricSeries = {
    key,
    step: new Float64Array(sorted.length),
    value: new Float64Array(sorted.length),
    timestamp: new Float64Array(sorted.length),
  };
  sorted.forEach((point, i) => {
    series.step[i] = point.step;
    series.value[i] = fromWireDouble(point.value);
    series.timestamp[i] = point.timestamp;
  });
  return series;
}

export type MetricsApi = ReturnType<typeof metricsApi>;

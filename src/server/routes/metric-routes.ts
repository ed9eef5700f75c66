import type { MlflowEndpointName } from '../../api/mlflow-tracking.js';
import { invalidParameter } from '../../core/errors.js';
import type { MetricService } from '../../core/services/metric-service.js';
import { requiredParameterMessage } from '../../core/validation.js';
import { metricHistoryFromJson, metricHistoryJson, metricsWithRunIdJson } from '../mappers/metric-mapper.js';
import { type ApiHandler, JsonText } from './api-handler.js';

type MetricEndpoint = Extract<MlflowEndpointName, 'getMetricHistory' | 'getMetricHistoryBulkInterval'>;

export function metricRoutes(metrics: MetricService): Record<MetricEndpoint, ApiHandler> {
  return {
    getMetricHistory: async ({ fields, signal }) => {
      const history = await metrics.getHistory({
        runId: fields.runId(),
        key: fields.requiredString('metric_key'),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
        signal,
      });
      if ('metricsJson' in history) return new JsonText(metricHistoryFromJson(history.metricsJson));
      return new JsonText(metricHistoryJson(history.items, history.nextPageToken));
    },
    getMetricHistoryBulkInterval: async ({ fields }) => {
      const runIds = fields.stringList('run_ids');
      if (runIds.length === 0) throw invalidParameter(requiredParameterMessage('run_ids'));
      const points = await metrics.getHistoryBulkInterval({
        runIds,
        key: fields.requiredString('metric_key'),
        startStep: fields.int64('start_step'),
        endStep: fields.int64('end_step'),
        maxResults: fields.int64('max_results'),
      });
      return new JsonText(metricsWithRunIdJson(points));
    },
  };
}

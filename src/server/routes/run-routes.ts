import { readableExperimentIds } from '../auth/request-access.js';
import type { MlflowEndpointName } from '../../api/mlflow-tracking.js';
import type { RunService } from '../../core/services/run-service.js';
import { requiredParameterMessage, toMetric, toRunStatus, toViewType } from '../../core/validation.js';
import { invalidParameter } from '../../core/errors.js';
import { datasetInputFromWire, keyValuesFromWire, runInfoToWire, runToWire } from '../mappers/run-mapper.js';
import type { RequestFields } from '../request-fields.js';
import { type ApiHandler, EMPTY } from './api-handler.js';

type RunEndpoint = Extract<
  MlflowEndpointName,
  | 'createRun'
  | 'getRun'
  | 'updateRun'
  | 'deleteRun'
  | 'restoreRun'
  | 'setTag'
  | 'deleteTag'
  | 'logParam'
  | 'logMetric'
  | 'logBatch'
  | 'logInputs'
  | 'searchRuns'
>;

/** log-batch entries need their key, as MLflow's handler checks before anything else. */
function keyedList(fields: RequestFields, name: string): Array<Record<string, unknown>> {
  const items = fields.objectList(name);
  items.forEach((item, i) => {
    if (item.key === undefined || item.key === null || item.key === '') {
      throw invalidParameter(requiredParameterMessage(`${name}[${i}].key`));
    }
  });
  return items;
}

export function runRoutes(runs: RunService): Record<RunEndpoint, ApiHandler> {
  return {
    createRun: async ({ fields, actor }) => {
      const run = await runs.create(actor, {
        // MLflow 2.17 refuses a run without an experiment rather than filing it under Default.
        experimentId: fields.requiredString('experiment_id'),
        userId: fields.string('user_id'),
        runName: fields.string('run_name'),
        startTime: fields.int64('start_time'),
        tags: keyValuesFromWire(fields.objectList('tags')),
      });
      return { run: runToWire(run) };
    },
    getRun: async ({ fields }) => ({ run: runToWire(await runs.get(fields.runId())) }),
    updateRun: async ({ fields, actor }) => {
      const status = fields.raw('status');
      const info = await runs.update(actor, fields.runId(), {
        status: status === undefined || status === null ? undefined : toRunStatus(status),
        endTime: fields.int64('end_time'),
        runName: fields.string('run_name'),
      });
      return { run_info: runInfoToWire(info) };
    },
    deleteRun: async ({ fields, actor }) => {
      await runs.delete(actor, fields.requiredString('run_id'));
      return EMPTY;
    },
    restoreRun: async ({ fields, actor }) => {
      await runs.restore(actor, fields.requiredString('run_id'));
      return EMPTY;
    },
    setTag: async ({ fields, actor }) => {
      await runs.setTag(actor, fields.runId(), fields.requiredString('key'), fields.string('value') ?? '');
      return EMPTY;
    },
    deleteTag: async ({ fields, actor }) => {
      await runs.deleteTag(actor, fields.requiredString('run_id'), fields.requiredString('key'));
      return EMPTY;
    },
    logParam: async ({ fields, actor }) => {
      await runs.logParam(actor, fields.runId(), fields.requiredString('key'), fields.string('value') ?? '');
      return EMPTY;
    },
    logMetric: async ({ fields, actor }) => {
      const runId = fields.runId();
      const metric = toMetric({
        key: fields.raw('key'),
        value: fields.raw('value'),
        timestamp: fields.raw('timestamp'),
        step: fields.raw('step'),
      });
      await runs.logMetric(actor, runId, metric);
      return EMPTY;
    },
    logBatch: async ({ fields, actor }) => {
      const runId = fields.requiredString('run_id');
      const metrics = fields.objectList('metrics').map((m, i) => toMetric(m, `metrics[${i}]`));
      const params = keyValuesFromWire(keyedList(fields, 'params'));
      const tags = keyValuesFromWire(keyedList(fields, 'tags'));
      await runs.logBatch(actor, runId, { metrics, params, tags });
      return EMPTY;
    },
    logInputs: async ({ fields, actor }) => {
      const runId = fields.requiredString('run_id');
      // MLflow 2.17 requires the field (absent: 400) but takes an empty list.
      if (fields.raw('datasets') === undefined || fields.raw('datasets') === null) throw invalidParameter(requiredParameterMessage('datasets'));
      await runs.logInputs(actor, runId, fields.objectList('datasets').map(datasetInputFromWire));
      return EMPTY;
    },
    searchRuns: async ({ fields, signal, access }) => {
      const page = await runs.search({
        experimentIds: await readableExperimentIds(access, fields.stringList('experiment_ids')),
        filter: fields.string('filter'),
        orderBy: fields.stringList('order_by'),
        viewType: toViewType(fields.raw('run_view_type'), 'run_view_type'),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
        signal,
      });
      const body: { runs?: object[]; next_page_token?: string } = {};
      if (page.items.length > 0) body.runs = page.items.map(runToWire);
      if (page.nextPageToken) body.next_page_token = page.nextPageToken;
      return body;
    },
  };
}

export { LOG_MODEL_PATH } from '../../api/mlflow-tracking.js';

export function logModelRoute(runs: RunService): ApiHandler {
  return async ({ fields, actor }) => {
    await runs.logModel(actor, fields.requiredString('run_id'), fields.requiredString('model_json'));
    return EMPTY;
  };
}

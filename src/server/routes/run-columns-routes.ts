import { readableExperimentIds } from '../auth/request-access.js';
import type { ExperimentKeysResponse, ExperimentKeyWire } from '../../api/strata-v1.js';
import { invalidParameter } from '../../core/errors.js';
import type { KeyCount, RunColumns } from '../../core/ports/metadata-store.js';
import type { ExperimentService } from '../../core/services/experiment-service.js';
import type { RunService } from '../../core/services/run-service.js';
import { toViewType } from '../../core/validation.js';
import { runToWire } from '../mappers/run-mapper.js';
import type { ApiHandler } from './api-handler.js';

const keyToWire = (k: KeyCount): ExperimentKeyWire => ({ key: k.key, run_count: k.runCount });

/** `GET /api/strata/v1/experiments/keys`: every param, metric and tag key of an experiment's active runs, with run counts. */
export function experimentKeysRoute(experiments: ExperimentService): ApiHandler {
  return async ({ fields }) => {
    const keys = await experiments.keys({
      experimentId: fields.requiredString('experiment_id'),
      prefix: fields.string('prefix'),
      maxResults: fields.int64('max_results'),
    });
    const body: ExperimentKeysResponse = { params: keys.params.map(keyToWire), metrics: keys.metrics.map(keyToWire), tags: keys.tags.map(keyToWire) };
    if (keys.truncated) body.truncated = true;
    return body;
  };
}

function keyList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((k) => typeof k === 'string')) throw invalidParameter(`columns.${name} must be a list of strings`);
  return value as string[];
}

function runColumnsFromWire(value: unknown): RunColumns {
  if (value === undefined || value === null) return { params: [], metrics: [], tags: [] };
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter('columns must be an object {params, metrics, tags}');
  const record = value as Record<string, unknown>;
  return { params: keyList(record.params, 'params'), metrics: keyList(record.metrics, 'metrics'), tags: keyList(record.tags, 'tags') };
}

/** `POST /api/strata/v1/runs/search`: runs/search with a column projection (only the asked-for keys come back). */
export function searchRunColumnsRoute(runs: RunService): ApiHandler {
  return async ({ fields, signal, access }) => {
    const columns = runColumnsFromWire(fields.raw('columns'));
    const page = await runs.searchColumns(
      {
        experimentIds: await readableExperimentIds(access, fields.stringList('experiment_ids')),
        filter: fields.string('filter'),
        orderBy: fields.stringList('order_by'),
        viewType: toViewType(fields.raw('run_view_type'), 'run_view_type'),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
        signal,
      },
      columns,
    );
    const body: { runs: object[]; next_page_token?: string } = {
      runs: page.items.map((run) => {
        const { info, data } = runToWire(run);
        return { info, data };
      }),
    };
    if (page.nextPageToken) body.next_page_token = page.nextPageToken;
    return body;
  };
}

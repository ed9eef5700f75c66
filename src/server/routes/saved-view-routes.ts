/** The runs table's endpoints: saved views (`/experiments/views…`) and value counts (`/runs/values`). */
import type { RunValueCountsResponse, SavedViewWire } from '../../api/strata-views.js';
import { invalidParameter } from '../../core/errors.js';
import type { RunGroupService } from '../../core/services/run-group-service.js';
import { toViewType } from '../../core/validation.js';
import type { SavedView } from '../../core/ports/saved-view-repository.js';
import type { SavedViewService } from '../../core/services/saved-view-service.js';
import { EMPTY, type ApiHandler } from './api-handler.js';

function savedViewToWire(view: SavedView): SavedViewWire {
  return {
    view_id: view.viewId,
    experiment_id: view.experimentId,
    name: view.name,
    state: view.state,
    created_by: view.createdBy,
    created_time: view.createdTime,
    last_update_time: view.lastUpdateTime,
  };
}

export function savedViewRoutes(views: SavedViewService) {
  return {
    listSavedViews: (async ({ fields }) => ({ views: (await views.list(fields.requiredString('experiment_id'))).map(savedViewToWire) })) satisfies ApiHandler,
    createSavedView: (async ({ fields, actor }) => {
      const view = await views.create(actor, { experimentId: fields.requiredString('experiment_id'), name: fields.requiredString('name'), state: fields.string('state') ?? '' });
      return { view: savedViewToWire(view) };
    }) satisfies ApiHandler,
    updateSavedView: (async ({ fields, actor }) => {
      const view = await views.update(actor, { viewId: fields.requiredString('view_id'), name: fields.string('name'), state: fields.string('state') });
      return { view: savedViewToWire(view) };
    }) satisfies ApiHandler,
    deleteSavedView: (async ({ fields, actor }) => {
      await views.delete(actor, fields.requiredString('view_id'));
      return EMPTY;
    }) satisfies ApiHandler,
  };
}

function groupKind(value: string): 'param' | 'tag' {
  if (value === 'params') return 'param';
  if (value === 'tags') return 'tag';
  throw invalidParameter(`kind must be 'params' or 'tags', got '${value.slice(0, 40)}'`);
}

/** `POST /api/strata/v1/runs/values`: run counts per value of a param or tag. */
export function runGroupRoutes(groups: RunGroupService) {
  return {
    countRunsByValue: (async ({ fields }) => {
      const values = fields.raw('values');
      const counts = await groups.countByValue({
        experimentId: fields.requiredString('experiment_id'),
        kind: groupKind(fields.requiredString('kind')),
        key: fields.requiredString('key'),
        filter: fields.string('filter'),
        viewType: toViewType(fields.raw('run_view_type'), 'run_view_type'),
        maxResults: fields.int64('max_results'),
        ...(values === undefined || values === null ? {} : { values: fields.stringList('values') }),
      });
      const body: RunValueCountsResponse = { values: counts.values.map((v) => ({ value: v.value, run_count: v.runCount })), missing_count: counts.missingCount };
      if (counts.truncated) body.truncated = true;
      return body;
    }) satisfies ApiHandler,
  };
}

/** `/api/strata/v1/experiments/views`: the runs table's saved views (list, create, update, delete). */
import type { SavedViewWire } from '../../api/strata-views.js';
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

/** `client.views`: the runs table's saved views, per experiment, and its groups' counts (Strata only). */
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import {
  STRATA_RUN_GROUP_ENDPOINTS,
  STRATA_VIEW_ENDPOINTS,
  type RunValueCountsRequest,
  type RunValueCountsResponse,
  type SavedViewResponse,
  type SavedViewWire,
  type UpdateSavedViewRequest,
} from '../api/strata-views.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function viewsApi(transport: HttpTransport) {
  return {
    /** Every saved view of the experiment, ordered by name. */
    list: async (experimentId: string): Promise<SavedViewWire[]> =>
      (await callEndpoint<{ views: SavedViewWire[] }>(transport, STRATA_API_PREFIX, STRATA_VIEW_ENDPOINTS.listSavedViews, { experiment_id: experimentId })).views,
    /** Saves `state` (the experiment page's URL query) under a name unique in the experiment. */
    create: async (experimentId: string, name: string, state: string): Promise<SavedViewWire> =>
      (await callEndpoint<SavedViewResponse>(transport, STRATA_API_PREFIX, STRATA_VIEW_ENDPOINTS.createSavedView, { experiment_id: experimentId, name, state }, 'create')).view,
    /** Renames a view, overwrites its state, or both. */
    update: async (request: UpdateSavedViewRequest): Promise<SavedViewWire> =>
      (await callEndpoint<SavedViewResponse>(transport, STRATA_API_PREFIX, STRATA_VIEW_ENDPOINTS.updateSavedView, request)).view,
    delete: async (viewId: string): Promise<void> => {
      await callEndpoint(transport, STRATA_API_PREFIX, STRATA_VIEW_ENDPOINTS.deleteSavedView, { view_id: viewId });
    },
    /** How many runs hold each value of a param or tag (under `filter`): the groups of the runs table. */
    valueCounts: (request: RunValueCountsRequest): Promise<RunValueCountsResponse> =>
      callEndpoint(transport, STRATA_API_PREFIX, STRATA_RUN_GROUP_ENDPOINTS.countRunsByValue, request),
  };
}

export type ViewsApi = ReturnType<typeof viewsApi>;

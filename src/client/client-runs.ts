/** `client.runs`: search, read and change runs (logging from training code is StrataClient.startRun's job). */
import type * as W from '../api/mlflow-tracking.js';
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type SearchRunColumnsRequest, type SearchRunColumnsResponse } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import { mlflowCall } from './client-experiments.js';
import type { HttpTransport } from './http-transport.js';

export function runsApi(transport: HttpTransport) {
  const call = mlflowCall(transport);
  return {
    /** One page; pass `next_page_token` back as `page_token` for the next (keyset paging on the server). */
    search: (request: W.SearchRunsRequest) => call('searchRuns', request),
    /**
     * Strata only: runs/search with a column projection. Each run's data holds only the params,
     * metrics (latest values) and tags named in `columns`; paging, filter and order_by as in search.
     */
    searchColumns: (request: SearchRunColumnsRequest): Promise<SearchRunColumnsResponse> =>
      callEndpoint(transport, STRATA_API_PREFIX, STRATA_ENDPOINTS.searchRunColumns, request),
    get: async (runId: string) => (await call('getRun', { run_id: runId })).run,
    update: (request: W.UpdateRunRequest) => call('updateRun', request),
    delete: (runId: string) => call('deleteRun', { run_id: runId }),
    restore: (runId: string) => call('restoreRun', { run_id: runId }),
    setTag: (runId: string, key: string, value: string) => call('setTag', { run_id: runId, key, value }),
    deleteTag: (runId: string, key: string) => call('deleteTag', { run_id: runId, key }),
  };
}

export type RunsApi = ReturnType<typeof runsApi>;

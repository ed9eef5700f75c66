import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { strata, type RunColumnsWire } from '../../../lib/strata';
import { experimentKeys } from '../../experiments/api/keys';
import { runKeys } from './keys';

/** Runs per runs/search request: one screen and a half at a time, fetched as the user scrolls. */
export const RUNS_PAGE_SIZE = 200;

/** The runs/search pages of one table view: what useRunPages reads and a sort or filter prefetches. */
export function runPagesQuery(experimentId: string, filter: string, orderBy: string[], deleted: boolean, columns: RunColumnsWire) {
  return infiniteQueryOptions({
    queryKey: runKeys.search(experimentId, filter, orderBy, deleted, columns),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      strata.runs.searchColumns({
        columns,
        experiment_ids: [experimentId],
        max_results: RUNS_PAGE_SIZE,
        order_by: orderBy,
        run_view_type: deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY',
        ...(filter.trim() === '' ? {} : { filter }),
        ...(pageParam === undefined ? {} : { page_token: pageParam }),
      }),
    getNextPageParam: (last) => last.next_page_token || undefined,
  });
}

/**
 * Runs of one experiment, one keyset page (the server's page token) at a time, carrying only the
 * shown columns' values (POST /api/strata/v1/runs/search's projection): an experiment with 5,000
 * metric keys sends 5,000 values per run only if 5,000 columns are shown.
 */
export function useRunPages(experimentId: string, filter: string, orderBy: string[], deleted: boolean, columns: RunColumnsWire, enabled = true) {
  return useInfiniteQuery({
    ...runPagesQuery(experimentId, filter, orderBy, deleted, columns),
    enabled,
    // A new sort or filter keeps the rows on screen until its first page arrives.
    placeholderData: keepPreviousData,
  });
}

export type BulkRunAction =
  | { action: 'delete' | 'restore'; runIds: string[] }
  | { action: 'tag'; runIds: string[]; key: string; value: string };

export function useBulkRunAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: BulkRunAction) => {
      for (const runId of request.runIds) {
        if (request.action === 'tag') await strata.runs.setTag(runId, request.key, request.value);
        else if (request.action === 'delete') await strata.runs.delete(runId);
        else await strata.runs.restore(runId);
      }
    },
    // Runs, the keys' run counts and the experiment's run count all change.
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: runKeys.all }), queryClient.invalidateQueries({ queryKey: experimentKeys.all })]),
  });
}

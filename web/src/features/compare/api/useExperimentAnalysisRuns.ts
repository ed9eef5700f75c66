import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { strata, type RunColumnsWire } from '../../../lib/strata';
import type { AnalysisRow } from '../analysis/columns';
import { toAnalysisRow } from '../analysis/rows';
import { compareKeys } from './keys';

/** Runs one parallel-coordinates view loads at most, in keyset pages of PAGE. */
export const ANALYSIS_MAX_RUNS = 10_000;
const PAGE = 1_000;

export interface AnalysisRuns {
  rows: AnalysisRow[];
  /** More runs match than were loaded (the newest ANALYSIS_MAX_RUNS are shown). */
  truncated: boolean;
}

/**
 * Up to 10,000 runs of an experiment (its filter, active or deleted) with only the plotted columns'
 * values, through POST /api/strata/v1/runs/search's projection: 10 pages of 1,000 runs × ~15 values.
 */
export function useExperimentAnalysisRuns(experimentId: string, filter: string, deleted: boolean, columns: RunColumnsWire, enabled: boolean) {
  return useQuery({
    queryKey: compareKeys.experimentRuns(experimentId, filter, deleted, columns),
    queryFn: async ({ signal }): Promise<AnalysisRuns> => {
      const rows: AnalysisRow[] = [];
      let token: string | undefined;
      do {
        const page = await strata.runs.searchColumns({
          experiment_ids: [experimentId],
          columns,
          max_results: PAGE,
          run_view_type: deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY',
          ...(filter.trim() === '' ? {} : { filter }),
          ...(token === undefined ? {} : { page_token: token }),
        });
        for (const run of page.runs) rows.push(toAnalysisRow(run.info.run_id, run.info.run_name || run.info.run_id.slice(0, 8), run.data));
        token = page.next_page_token || undefined;
      } while (token !== undefined && rows.length < ANALYSIS_MAX_RUNS && !signal.aborted);
      return { rows: rows.slice(0, ANALYSIS_MAX_RUNS), truncated: token !== undefined };
    },
    enabled,
    staleTime: 30_000,
    // A new axis keeps the plot on screen until its column arrives.
    placeholderData: keepPreviousData,
  });
}

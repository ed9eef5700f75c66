import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { strata, type RunColumnsWire, type SearchRunColumnsResponse } from '../../../lib/strata';
import { toRunRow, type RunRow } from '../state/columns';
import { andFilter, childrenClause, PARENT_TAG } from '../state/grouping';
import { runKeys } from './keys';

/** Nested runs shown under one parent at most (a parent with more says so). */
export const CHILDREN_PER_PARENT = 200;

interface NestedRowsInput {
  experimentId: string;
  /** The user's filter (without the top-level clause). */
  filter: string;
  orderBy: string[];
  deleted: boolean;
  columns: RunColumnsWire;
  /** Top-level runs, one list per loaded page. */
  pages: readonly RunRow[][];
  expanded: readonly string[];
  enabled: boolean;
}

/**
 * The grid's rows when nested runs are grouped under their parent: each loaded page's parents
 * get their nested-run count (one POST runs/values per page: the tag mlflow.parentRunId's
 * counts for that page's run ids), and an expanded parent's children are fetched (runs/search
 * with the parent filter) and placed after it.
 */
export function useNestedRows({ experimentId, filter, orderBy, deleted, columns, pages, expanded, enabled }: NestedRowsInput): { rows: RunRow[]; error: unknown } {
  const viewType = deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY';
  const counts = useQueries({
    queries: pages.map((page) => {
      const ids = page.map((r) => r.run.info.run_id);
      return {
        queryKey: [...runKeys.searches(experimentId), 'child-counts', { filter, deleted, ids }],
        queryFn: () => strata.views.valueCounts({ experiment_id: experimentId, kind: 'tags', key: PARENT_TAG, values: ids, run_view_type: viewType, ...(filter.trim() === '' ? {} : { filter }) }),
        enabled: enabled && ids.length > 0,
        staleTime: 30_000,
      };
    }),
  });
  const children = useQueries({
    queries: expanded.map((parentRunId) => ({
      queryKey: [...runKeys.search(experimentId, andFilter(filter, childrenClause(parentRunId)), orderBy, deleted, columns)],
      queryFn: (): Promise<SearchRunColumnsResponse> =>
        strata.runs.searchColumns({ columns, experiment_ids: [experimentId], max_results: CHILDREN_PER_PARENT, order_by: orderBy, run_view_type: viewType, filter: andFilter(filter, childrenClause(parentRunId)) }),
      enabled,
    })),
  });
  const countData = counts.map((c) => c.data);
  const childData = children.map((c) => c.data);
  const loaded = [...counts, ...children].map((c) => c.dataUpdatedAt).join(',');
  const rows = useMemo(() => {
    const childCount = new Map<string, number>();
    for (const answer of countData) for (const v of answer?.values ?? []) childCount.set(v.value, v.run_count);
    const childRows = new Map<string, RunRow[]>();
    expanded.forEach((parentRunId, i) => {
      const answer = childData[i];
      if (answer) childRows.set(parentRunId, answer.runs.map((run) => ({ ...toRunRow(run), display: { depth: 1 } })));
    });
    const out: RunRow[] = [];
    for (const row of pages.flat()) {
      const runId = row.run.info.run_id;
      const isExpanded = expanded.includes(runId);
      out.push({ ...row, display: { depth: 0, childCount: childCount.get(runId) ?? (countData.every((c) => c !== undefined) ? 0 : undefined), expanded: isExpanded } });
      if (isExpanded) out.push(...(childRows.get(runId) ?? []));
    }
    return out;
    // countData/childData are new arrays on every render: `loaded` says when their contents change.
  }, [pages, expanded, loaded]);
  const error = counts.find((c) => c.isError)?.error ?? children.find((c) => c.isError)?.error;
  return { rows, error };
}

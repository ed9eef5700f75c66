import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { strata, type RunColumnsWire, type RunValueCountWire, type SearchRunColumnsResponse } from '../../../lib/strata';
import { parseKeyColumn, toRunRow, type RunRow } from '../state/columns';
import { andFilter, groupClause } from '../state/grouping';
import { runKeys } from './keys';

/** Runs shown in one open group at most (the group's row says when there are more). */
export const RUNS_PER_GROUP = 200;

interface GroupedRowsInput {
  experimentId: string;
  groupBy: string | undefined;
  /** Open groups as the URL holds them (groupToken). */
  openGroups: readonly string[];
  filter: string;
  orderBy: string[];
  deleted: boolean;
  columns: RunColumnsWire;
}

/** A group in the URL: `v:<value>`, or `none` for the runs without the key. */
export function groupToken(value: string | null): string {
  return value === null ? 'none' : `v:${value}`;
}

function tokenValue(token: string): string | null {
  return token === 'none' ? null : token.slice(2);
}

/**
 * The grid's rows when grouped by a param or tag: one header row per distinct value (with its run
 * count, from POST runs/values under the table's filter) and, under each open group, its runs
 * (runs/search with the group's value added to the filter).
 */
export function useGroupedRows({ experimentId, groupBy, openGroups, filter, orderBy, deleted, columns }: GroupedRowsInput) {
  const column = groupBy === undefined ? undefined : parseKeyColumn(groupBy);
  const viewType = deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY';
  const counts = useQuery({
    queryKey: [...runKeys.searches(experimentId), 'groups', { groupBy, filter, deleted }],
    queryFn: () =>
      strata.views.valueCounts({ experiment_id: experimentId, kind: column?.kind === 'tags' ? 'tags' : 'params', key: column?.key ?? '', run_view_type: viewType, ...(filter.trim() === '' ? {} : { filter }) }),
    enabled: column !== undefined,
  });
  const open = groupBy === undefined ? [] : openGroups.filter((t) => t === 'none' || t.startsWith('v:'));
  const groups = useQueries({
    queries: open.map((token) => {
      const groupFilter = andFilter(filter, groupClause(groupBy ?? '', tokenValue(token)));
      return {
        queryKey: [...runKeys.search(experimentId, groupFilter, orderBy, deleted, columns)],
        queryFn: (): Promise<SearchRunColumnsResponse> =>
          strata.runs.searchColumns({ columns, experiment_ids: [experimentId], max_results: RUNS_PER_GROUP, order_by: orderBy, run_view_type: viewType, filter: groupFilter }),
      };
    }),
  });
  const loaded = groups.map((g) => g.dataUpdatedAt).join(',');
  const groupData = groups.map((g) => g.data);
  const rows = useMemo(() => {
    if (column === undefined || counts.data === undefined) return [];
    const runsOf = new Map<string, RunRow[]>();
    open.forEach((token, i) => {
      const answer = groupData[i];
      if (answer) runsOf.set(token, answer.runs.map((run) => ({ ...toRunRow(run), display: { depth: 1 } })));
    });
    const all: Array<RunValueCountWire & { isNone?: boolean }> = [...counts.data.values];
    if (counts.data.missing_count > 0) all.push({ value: '', run_count: counts.data.missing_count, isNone: true });
    const out: RunRow[] = [];
    for (const entry of all) {
      const value = entry.isNone ? null : entry.value;
      const token = groupToken(value);
      const isOpen = open.includes(token);
      out.push(groupRow(column.key, value, entry.run_count, isOpen));
      if (isOpen) out.push(...(runsOf.get(token) ?? []));
    }
    return out;
    // groupData is a new array on every render: `loaded` says when its contents change.
  }, [column?.key, counts.data, open.join('\u0000'), loaded]);
  const total = counts.data ? counts.data.values.reduce((sum, v) => sum + v.run_count, counts.data.missing_count) : undefined;
  const error = counts.error ?? groups.find((g) => g.isError)?.error;
  return { rows, total, isPending: column !== undefined && counts.isPending, error, truncated: counts.data?.truncated === true };
}

/** A group's header as a row of the grid: an id no run has, no run data. */
function groupRow(key: string, value: string | null, count: number, expanded: boolean): RunRow {
  const runId = `group:${groupToken(value)}`;
  return {
    run: { info: { run_id: runId, run_uuid: runId, run_name: '', experiment_id: '', user_id: '', status: 'FINISHED', start_time: 0, artifact_uri: '', lifecycle_stage: 'active' }, data: {} },
    display: { depth: 0, expanded, group: { value, count, label: value === null ? `no ${key}` : `${key} = ${value === '' ? '(empty)' : value}` } },
  };
}

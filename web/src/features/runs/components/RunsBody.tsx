import type { OnChangeFn, RowSelectionState } from '@tanstack/react-table';
import { EmptyState } from '../../../components/states/EmptyState';
import { ErrorState } from '../../../components/states/ErrorState';
import { isStrataApiError } from '../../../lib/strata';
import type { useRunPages } from '../api/useRunPages';
import type { RunRow } from '../state/columns';
import type { RunsView } from '../state/searchParams';
import { RunsGrid } from './RunsGrid';

interface RunsBodyProps {
  experimentId: string;
  view: RunsView;
  pages: ReturnType<typeof useRunPages>;
  rows: RunRow[];
  totalRuns: number | undefined;
  onPin: (column: string, pinned: boolean) => void;
  onResize: (widths: Record<string, number>) => void;
  onMove: (column: string, before: string | undefined) => void;
  onClearFilter: () => void;
  selection: RowSelectionState;
  onSelectionChange: OnChangeFn<RowSelectionState>;
  onSort: (column: string) => void;
  onToggleExpand?: (runId: string) => void;
  onToggleGroup?: (value: string | null) => void;
  /** Grouped by a param or tag, the groups' error (the pages are not asked for). */
  groupsError?: unknown;
}

/** The grid, or the state that explains why there is none (a bad filter, no runs, no match). */
export function RunsBody({ experimentId, view, pages, rows, totalRuns, onPin, onResize, onMove, onClearFilter, selection, onSelectionChange, onSort, onToggleExpand, onToggleGroup, groupsError }: RunsBodyProps) {
  const error = groupsError ?? pages.error;
  if (error && rows.length === 0) {
    if (isStrataApiError(error) && error.status === 400) {
      return <EmptyState title="Fix the filter or sort to see runs"><p>The server's message is shown under the filter.</p></EmptyState>;
    }
    return <ErrorState error={error} title="Could not load runs" onRetry={() => void pages.refetch()} />;
  }
  if (rows.length === 0) {
    if (view.filter !== '') {
      return (
        <EmptyState title="No run matches this filter">
          <p><button onClick={onClearFilter}>Clear the filter</button></p>
        </EmptyState>
      );
    }
    if (view.deleted) return <EmptyState title="No deleted runs in this experiment" />;
    return (
      <EmptyState title="No runs in this experiment yet">
        <p>Log one from Python with <code>mlflow.set_experiment(experiment_id="{experimentId}")</code> and <code>mlflow.start_run()</code>,</p>
        <p>or from TypeScript with <code>client.startRun({'{'} experiment: … {'}'})</code>.</p>
      </EmptyState>
    );
  }
  return (
    <RunsGrid
      experimentId={experimentId}
      rows={rows}
      keyColumns={view.columns}
      pinned={view.pinned}
      widths={view.widths}
      totalRuns={totalRuns}
      onPin={onPin}
      onResize={onResize}
      onMove={onMove}
      sort={view.sort}
      onSort={onSort}
      hasNextPage={pages.hasNextPage}
      isFetchingNextPage={pages.isFetchingNextPage}
      isStale={pages.isPlaceholderData}
      fetchNextPage={() => void pages.fetchNextPage()}
      selection={selection}
      onSelectionChange={onSelectionChange}
      onToggleExpand={onToggleExpand}
      onToggleGroup={onToggleGroup}
    />
  );
}

import { useCallback, useMemo, useState } from 'react';
import { hashKey, useQueryClient } from '@tanstack/react-query';
import type { RowSelectionState } from '@tanstack/react-table';
import { Link, useParams, useSearchParams } from 'react-router';
import { NOTE_TAG, NoteView } from '../../../components/NoteView';
import { ErrorState } from '../../../components/states/ErrorState';
import { ExperimentParallelCoordinates } from '../../compare/components/ExperimentParallelCoordinates';
import { LoadingState } from '../../../components/states/LoadingState';
import { useExperiment, useExperimentRunStats } from '../../experiments/api/useExperiments';
import { useExperimentKeys } from '../api/useExperimentKeys';
import { groupToken, useGroupedRows } from '../api/useGroupedRows';
import { useNestedRows } from '../api/useNestedRows';
import { runPagesQuery, useRunPages } from '../api/useRunPages';
import type { AvailableKey } from '../state/availableKeys';
import { columnsRequest, orderByFor, toRunRow, type ProjectedRun, type RunRow } from '../state/columns';
import { andFilter, filterShift, TOP_LEVEL_CLAUSE } from '../state/grouping';
import { DEFAULT_SORT, parseRunsView, writeRunsView, type RunsView } from '../state/searchParams';
import { ColumnPicker } from './ColumnPicker';
import { FilterBox } from './FilterBox';
import { GroupByPicker } from './GroupByPicker';
import { RunsBody } from './RunsBody';
import { SelectionBar } from './SelectionBar';
import { ViewsMenu } from './ViewsMenu';
import '../runs.css';

const NO_KEYS: AvailableKey[] = [];
const NO_PAGES: RunRow[][] = [];

const convertedPages = new WeakMap<object, RunRow[]>();

function rowsOfPage(page: { runs: ProjectedRun[] }): RunRow[] {
  let rows = convertedPages.get(page);
  if (rows === undefined) convertedPages.set(page, (rows = page.runs.map(toRunRow)));
  return rows;
}

const orderByOf = (sort: RunsView['sort']) => [orderByFor(sort.column, sort.desc) ?? 'attributes.start_time DESC'];
/** Grouped under their parents, the table pages through top-level runs only. */
const topClauseOf = (view: RunsView) => (view.nested && view.groupBy === undefined ? TOP_LEVEL_CLAUSE : undefined);
/** The runs/search pages an ungrouped view shows. */
/** The filter the table's pages are asked with: the user's, and the top-level clause when nesting. */
function pagesFilterOf(view: RunsView): string {
  const topClause = topClauseOf(view);
  return topClause ? andFilter(view.filter, topClause) : view.filter;
}
function pagesQueryOf(experimentId: string, view: RunsView) {
  return runPagesQuery(experimentId, pagesFilterOf(view), orderByOf(view.sort), view.deleted, columnsRequest(view.columns));
}

export function ExperimentPage() {
  const experimentId = useParams().experimentId ?? '';
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const view = useMemo(() => parseRunsView(params), [params]);
  const setView = useCallback((changes: Partial<RunsView>) => {
    const next = { ...view, ...changes };
    // A new sort or filter asks the server at once, before the page re-renders for the new URL
    // (that render would otherwise start the request tens of ms after the click).
    const query = pagesQueryOf(experimentId, next);
    if (next.groupBy === undefined && hashKey(query.queryKey) !== hashKey(pagesQueryOf(experimentId, view).queryKey)) void queryClient.prefetchInfiniteQuery(query);
    setParams(writeRunsView(next, params), { replace: true });
  }, [experimentId, view, params, setParams, queryClient]);
  const experiment = useExperiment(experimentId);
  const orderBy = useMemo(() => orderByOf(view.sort), [view.sort]);
  const projection = useMemo(() => columnsRequest(view.columns), [view.columns]);
  const topClause = topClauseOf(view);
  const grouped = useGroupedRows({ experimentId, groupBy: view.groupBy, openGroups: view.openGroups, filter: view.filter, orderBy, deleted: view.deleted, columns: projection });
  const isGrouped = view.groupBy !== undefined;
  const pages = useRunPages(experimentId, pagesFilterOf(view), orderBy, view.deleted, projection, !isGrouped);
  // Each page is converted once: at 100,000 runs, converting every loaded page again whenever the next
  // one arrived made scrolling quadratic (long tasks of seconds near the end).
  const pageRows = useMemo(() => (pages.data?.pages ?? []).map(rowsOfPage), [pages.data]);
  const topRows = useMemo(() => pageRows.flat(), [pageRows]);
  // Not grouping nested runs, the hook gets no pages: it would otherwise hash one (disabled) query
  // key of 200 run ids per loaded page on every render of this page.
  const nested = useNestedRows({ experimentId, filter: view.filter, orderBy, deleted: view.deleted, columns: projection, pages: topClause ? pageRows : NO_PAGES, expanded: view.expanded, enabled: topClause !== undefined });
  const rows = isGrouped ? grouped.rows : topClause ? nested.rows : topRows;
  // Asked once the first rows are in: counting every key's runs takes the server a while on a large
  // experiment (its statements interleave with others, but share its one thread and SQLite's one
  // connection), and the rows are what the person opened the page for.
  const firstRowsIn = isGrouped || pages.data !== undefined || pages.isError;
  const keys = useExperimentKeys(experimentId, experiment.isSuccess && firstRowsIn);
  // The server's count of active runs is the table's size when no filter narrows it.
  const isWhole = view.filter === '' && !view.deleted && !view.nested;
  const stats = useExperimentRunStats(isWhole ? [experimentId] : []);
  const totalRuns = isGrouped ? grouped.total : !pages.hasNextPage && pages.data ? topRows.length : isWhole && stats.data ? (stats.data.get(experimentId)?.run_count ?? 0) : undefined;
  const onToggleGroup = useCallback(
    (value: string | null) => {
      const token = groupToken(value);
      setView({ openGroups: view.openGroups.includes(token) ? view.openGroups.filter((t) => t !== token) : [...view.openGroups, token] });
    },
    [view.openGroups, setView],
  );
  const onToggleExpand = useCallback(
    (runId: string) => setView({ expanded: view.expanded.includes(runId) ? view.expanded.filter((id) => id !== runId) : [...view.expanded, runId] }),
    [view.expanded, setView],
  );
  const [selection, setSelection] = useState<RowSelectionState>({});
  const onPin = useCallback(
    (column: string, pin: boolean) => setView({ pinned: pin ? [...view.pinned.filter((c) => c !== column), column] : view.pinned.filter((c) => c !== column) }),
    [view.pinned, setView],
  );
  const onResize = useCallback((widths: Record<string, number>) => setView({ widths }), [setView]);
  const onMove = useCallback(
    (column: string, before: string | undefined) => {
      const rest = view.columns.filter((c) => c !== column);
      const at = before === undefined ? rest.length : rest.indexOf(before);
      rest.splice(at < 0 ? rest.length : at, 0, column);
      setView({ columns: rest });
    },
    [view.columns, setView],
  );

  const onSort = (column: string) => {
    const same = view.sort.column === column;
    const numericFirst = column === 'start_time' || column.startsWith('metrics.');
    setView({ sort: { column, desc: same ? !view.sort.desc : numericFirst } });
  };

  const note = experiment.data?.tags?.find((t) => t.key === NOTE_TAG)?.value;
  if (experiment.isError) return <div className="page"><ErrorState error={experiment.error} title={`Could not open experiment ${experimentId}`} /></div>;
  return (
    <div className="page full">
      <div className="breadcrumbs">
        <Link to="/experiments">Experiments</Link> /
      </div>
      <div className="page-header">
        <h1 data-testid="experiment-name">{experiment.data?.name ?? ' '}</h1>
        <span className="faint mono">#{experimentId}</span>
        {experiment.data?.lifecycle_stage === 'deleted' && <span className="badge">deleted</span>}
        <span className="spacer" />
        <span className="muted num" data-testid="run-count">
          {isGrouped
            ? totalRuns !== undefined && `${totalRuns.toLocaleString()} runs in ${grouped.rows.filter((r) => r.display?.group).length.toLocaleString()}${grouped.truncated ? '+' : ''} groups`
            : pages.data
              ? `${totalRuns !== undefined ? totalRuns.toLocaleString() : `${topRows.length.toLocaleString()}+`} ${topClause ? 'top-level runs' : 'runs'}`
              : ''}
        </span>
      </div>
      {note !== undefined && note.trim() !== '' && <NoteView text={note} testId="experiment-description" />}
      <div className="toolbar">
        <FilterBox value={view.filter} onApply={(filter) => setView({ filter })} error={isGrouped ? grouped.error : (pages.error ?? nested.error)} keys={keys.data?.keys ?? NO_KEYS} errorShift={filterShift(view.filter, topClause)} />
        <ColumnPicker
          available={keys.data?.keys ?? []}
          loading={keys.isPending}
          selected={view.columns}
          onChange={(columns) => setView({ columns, pinned: view.pinned.filter((c) => !c.includes('.') || columns.includes(c)) })}
          note={keys.isError ? 'Could not load the keys' : keys.data?.truncated ? 'Keys cut at the server’s limit' : undefined}
        />
        <GroupByPicker keys={keys.data?.keys ?? NO_KEYS} value={view.groupBy} onChange={(groupBy) => setView({ groupBy, openGroups: [] })} />
        <button aria-pressed={view.nested} disabled={isGrouped} onClick={() => setView({ nested: !view.nested, expanded: [] })} title={isGrouped ? 'Not while grouped by a param or tag' : 'Show nested runs (tag mlflow.parentRunId) under their parent run'}>
          Group nested runs
        </button>
        <button aria-pressed={view.deleted} onClick={() => { setSelection({}); setView({ deleted: !view.deleted }); }}>
          {view.deleted ? 'Show active runs' : 'Show deleted runs'}
        </button>
        <ViewsMenu
          experimentId={experimentId}
          state={writeRunsView(view, params).toString()}
          onOpen={(state) => {
            setSelection({});
            setParams(new URLSearchParams(state));
          }}
          enabled={experiment.isSuccess}
        />
        {(view.sort.column !== DEFAULT_SORT.column || view.sort.desc !== DEFAULT_SORT.desc) && (
          <button onClick={() => setView({ sort: DEFAULT_SORT })} title="Back to newest first">Reset sort</button>
        )}
        <ExperimentParallelCoordinates experimentId={experimentId} filter={view.filter} deleted={view.deleted} onSelectRuns={(ids) => setSelection(Object.fromEntries(ids.map((id) => [id, true])))} />
      </div>
      <SelectionBar selection={selection} deleted={view.deleted} onDone={() => setSelection({})} />
      {(pages.isPending && pages.fetchStatus !== 'idle') || grouped.isPending ? (
        <LoadingState label="Loading runs…" />
      ) : (
        <RunsBody
          experimentId={experimentId}
          view={view}
          pages={pages}
          rows={rows}
          totalRuns={totalRuns}
          onClearFilter={() => setView({ filter: '' })}
          selection={selection}
          onSelectionChange={setSelection}
          onSort={onSort}
          onPin={onPin}
          onResize={onResize}
          onMove={onMove}
          onToggleExpand={onToggleExpand}
          onToggleGroup={onToggleGroup}
          groupsError={isGrouped ? (grouped.error ?? undefined) : undefined}
        />
      )}
    </div>
  );
}

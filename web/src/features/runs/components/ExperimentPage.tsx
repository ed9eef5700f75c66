import { useCallback, useMemo, useState } from 'react';
import type { RowSelectionState } from '@tanstack/react-table';
import { Link, useParams, useSearchParams } from 'react-router';
import { NOTE_TAG, NoteView } from '../../../components/NoteView';
import { ErrorState } from '../../../components/states/ErrorState';
import { ExperimentParallelCoordinates } from '../../compare/components/ExperimentParallelCoordinates';
import { LoadingState } from '../../../components/states/LoadingState';
import { useExperiment, useExperimentRunStats } from '../../experiments/api/useExperiments';
import { useExperimentKeys } from '../api/useExperimentKeys';
import { useRunPages } from '../api/useRunPages';
import type { AvailableKey } from '../state/availableKeys';
import { columnsRequest, orderByFor, toRunRow } from '../state/columns';
import { DEFAULT_SORT, parseRunsView, writeRunsView, type RunsView } from '../state/searchParams';
import { ColumnPicker } from './ColumnPicker';
import { FilterBox } from './FilterBox';
import { RunsBody } from './RunsBody';
import { SelectionBar } from './SelectionBar';
import { ViewsMenu } from './ViewsMenu';
import '../runs.css';

const NO_KEYS: AvailableKey[] = [];

export function ExperimentPage() {
  const experimentId = useParams().experimentId ?? '';
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseRunsView(params), [params]);
  const setView = useCallback((changes: Partial<RunsView>) => setParams(writeRunsView({ ...view, ...changes }, params), { replace: true }), [view, params, setParams]);
  const experiment = useExperiment(experimentId);
  const orderBy = useMemo(() => [orderByFor(view.sort.column, view.sort.desc) ?? 'attributes.start_time DESC'], [view.sort]);
  const projection = useMemo(() => columnsRequest(view.columns), [view.columns]);
  const pages = useRunPages(experimentId, view.filter, orderBy, view.deleted, projection);
  const rows = useMemo(() => (pages.data?.pages ?? []).flatMap((page) => page.runs.map(toRunRow)), [pages.data]);
  const keys = useExperimentKeys(experimentId, experiment.isSuccess);
  // The server's count of active runs is the table's size when no filter narrows it.
  const stats = useExperimentRunStats(view.filter === '' && !view.deleted ? [experimentId] : []);
  const totalRuns = !pages.hasNextPage && pages.data ? rows.length : view.filter === '' && !view.deleted && stats.data ? (stats.data.get(experimentId)?.run_count ?? 0) : undefined;
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
          {pages.data ? (totalRuns !== undefined ? `${totalRuns.toLocaleString()} runs` : `${rows.length.toLocaleString()}+ runs`) : ''}
        </span>
      </div>
      {note !== undefined && note.trim() !== '' && <NoteView text={note} testId="experiment-description" />}
      <div className="toolbar">
        <FilterBox value={view.filter} onApply={(filter) => setView({ filter })} error={pages.error} keys={keys.data?.keys ?? NO_KEYS} />
        <ColumnPicker
          available={keys.data?.keys ?? []}
          loading={keys.isPending}
          selected={view.columns}
          onChange={(columns) => setView({ columns, pinned: view.pinned.filter((c) => !c.includes('.') || columns.includes(c)) })}
          note={keys.isError ? 'Could not load the keys' : keys.data?.truncated ? 'Keys cut at the server’s limit' : undefined}
        />
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
      {pages.isPending && pages.fetchStatus !== 'idle' ? (
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
        />
      )}
    </div>
  );
}

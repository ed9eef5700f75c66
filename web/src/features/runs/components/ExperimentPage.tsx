import { useCallback, useMemo, useState } from 'react';
import type { RowSelectionState } from '@tanstack/react-table';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { useExperiment } from '../../experiments/api/useExperiments';
import { useRunPages } from '../api/useRunPages';
import { keysOfRows } from '../state/availableKeys';
import { orderByFor, toRunRow } from '../state/columns';
import { DEFAULT_SORT, parseRunsView, writeRunsView, type RunsView } from '../state/searchParams';
import { ColumnPicker } from './ColumnPicker';
import { FilterBox } from './FilterBox';
import { RunsBody } from './RunsBody';
import { SelectionBar } from './SelectionBar';

export function ExperimentPage() {
  const experimentId = useParams().experimentId ?? '';
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseRunsView(params), [params]);
  const setView = useCallback((changes: Partial<RunsView>) => setParams(writeRunsView({ ...view, ...changes }, params), { replace: true }), [view, params, setParams]);
  const experiment = useExperiment(experimentId);
  const orderBy = useMemo(() => [orderByFor(view.sort.column, view.sort.desc) ?? 'attributes.start_time DESC'], [view.sort]);
  const pages = useRunPages(experimentId, view.filter, orderBy, view.deleted);
  const rows = useMemo(() => (pages.data?.pages ?? []).flatMap((page) => (page.runs ?? []).map(toRunRow)), [pages.data]);
  const available = useMemo(() => keysOfRows(rows), [rows]);
  const [selection, setSelection] = useState<RowSelectionState>({});

  const onSort = (column: string) => {
    const same = view.sort.column === column;
    const numericFirst = column === 'start_time' || column.startsWith('metrics.');
    setView({ sort: { column, desc: same ? !view.sort.desc : numericFirst } });
  };

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
          {pages.data ? `${rows.length.toLocaleString()}${pages.hasNextPage ? '+' : ''} runs` : ''}
        </span>
      </div>
      <div className="toolbar">
        <FilterBox value={view.filter} onApply={(filter) => setView({ filter })} error={pages.error} />
        <ColumnPicker available={available} selected={view.columns} onChange={(columns) => setView({ columns })} note={pages.hasNextPage ? `Keys of the ${rows.length.toLocaleString()} runs loaded` : undefined} />
        <button aria-pressed={view.deleted} onClick={() => { setSelection({}); setView({ deleted: !view.deleted }); }}>
          {view.deleted ? 'Show active runs' : 'Show deleted runs'}
        </button>
        {(view.sort.column !== DEFAULT_SORT.column || view.sort.desc !== DEFAULT_SORT.desc) && (
          <button onClick={() => setView({ sort: DEFAULT_SORT })} title="Back to newest first">Reset sort</button>
        )}
      </div>
      <SelectionBar selection={selection} deleted={view.deleted} onDone={() => setSelection({})} />
      {pages.isPending && pages.fetchStatus !== 'idle' ? (
        <LoadingState label="Loading runs…" />
      ) : (
        <RunsBody experimentId={experimentId} view={view} pages={pages} rows={rows} onClearFilter={() => setView({ filter: '' })} selection={selection} onSelectionChange={setSelection} onSort={onSort} />
      )}
    </div>
  );
}

import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { useDebounced } from '../../../lib/useDebounced';
import type { ViewType } from '../../../lib/strata';
import { useExperimentList } from '../api/useExperiments';
import { CreateExperimentForm } from './CreateExperimentForm';
import { ExperimentsTable } from './ExperimentsTable';

export function ExperimentsPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const view: ViewType = params.get('view') === 'deleted' ? 'DELETED_ONLY' : 'ACTIVE_ONLY';
  const [creating, setCreating] = useState(false);
  const settled = useDebounced(search.trim());
  const list = useExperimentList(settled, view);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>Experiments</h1>
        {list.data && (
          <span className="muted num" data-testid="experiment-count">
            {list.data.experiments.length.toLocaleString()}
            {list.data.truncated ? '+' : ''} {view === 'DELETED_ONLY' ? 'deleted' : ''}
          </span>
        )}
        <span className="spacer" />
        {!creating && (
          <button className="primary" onClick={() => setCreating(true)}>
            New experiment
          </button>
        )}
      </div>
      {creating && <CreateExperimentForm onDone={() => setCreating(false)} />}
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search by name"
          aria-label="Search experiments by name"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            update({ q: e.target.value.trim() });
          }}
          style={{ width: 320 }}
        />
        <div role="group" aria-label="Show" style={{ display: 'flex' }}>
          <button aria-pressed={view === 'ACTIVE_ONLY'} className={view === 'ACTIVE_ONLY' ? 'primary' : ''} onClick={() => update({ view: undefined })} style={{ borderRadius: '5px 0 0 5px' }}>
            Active
          </button>
          <button aria-pressed={view === 'DELETED_ONLY'} className={view === 'DELETED_ONLY' ? 'primary' : ''} onClick={() => update({ view: 'deleted' })} style={{ borderRadius: '0 5px 5px 0', marginLeft: -1 }}>
            Deleted
          </button>
        </div>
        {list.isFetching && !list.isPending && <span className="spinner" aria-label="Refreshing" />}
      </div>
      <ExperimentsBody list={list} search={settled} view={view} onCreate={() => setCreating(true)} />
    </div>
  );
}

function ExperimentsBody({ list, search, view, onCreate }: { list: ReturnType<typeof useExperimentList>; search: string; view: ViewType; onCreate: () => void }) {
  if (list.isPending) return <LoadingState label="Loading experiments…" />;
  if (list.isError) return <ErrorState error={list.error} title="Could not load experiments" onRetry={() => void list.refetch()} />;
  const { experiments } = list.data;
  if (experiments.length === 0) {
    if (search !== '') return <EmptyState title={`No experiment name contains “${search}”`}><p>Clear the search to see every experiment.</p></EmptyState>;
    if (view === 'DELETED_ONLY') return <EmptyState title="No deleted experiments"><p>Deleted experiments appear here until `strata gc` purges them.</p></EmptyState>;
    return (
      <EmptyState title="No experiments yet">
        <p>Log a run with MLflow or the Strata SDK (it creates its experiment), or</p>
        <p><button className="primary" onClick={onCreate}>Create an experiment</button></p>
      </EmptyState>
    );
  }
  return <ExperimentsTable experiments={experiments} deleted={view === 'DELETED_ONLY'} />;
}

import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { useCompareRuns } from '../api/useCompareRuns';
import { toCompareRuns } from '../state/compareRun';
import { MAX_COMPARED_RUNS, parseCompareView, writeCompareView } from '../state/compareView';
import { CompareCharts } from './CompareCharts';
import { CompareLegend } from './CompareLegend';
import { DiffTable } from './DiffTable';
import { ParallelCoordinates } from './ParallelCoordinates';
import { ScatterPlot } from './ScatterPlot';

/** `/compare?runs=a,b,c`: 2 to 100 runs side by side: metric charts, parallel coordinates, scatter, diff. */
export function ComparePage() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseCompareView(params), [params]);
  const query = useCompareRuns(view.runIds);
  const runs = useMemo(() => toCompareRuns(query.data ?? []), [query.data]);
  const visible = useMemo(() => runs.filter((r) => !view.hidden.has(r.id)), [runs, view.hidden]);

  const toggle = (runId: string) => {
    const hidden = new Set(view.hidden);
    if (!hidden.delete(runId)) hidden.add(runId);
    setParams((current) => writeCompareView({ ...view, hidden }, current), { replace: true });
  };

  if (view.runIds.length < 2) {
    return (
      <div className="page">
        <EmptyState title="Pick at least two runs to compare">
          <p>Select runs in an experiment's table (up to {MAX_COMPARED_RUNS}) and press <strong>Compare</strong>.</p>
          <p><Link to="/experiments">Go to experiments</Link></p>
        </EmptyState>
      </div>
    );
  }
  if (query.isPending) return <div className="page"><LoadingState label={`Loading ${view.runIds.length} runs…`} /></div>;
  if (query.isError) return <div className="page"><ErrorState error={query.error} title="Could not load the runs to compare" onRetry={() => void query.refetch()} /></div>;

  const experimentId = runs[0]?.run.info.experiment_id;
  return (
    <div className="page compare-page">
      <div className="breadcrumbs">
        <Link to="/experiments">Experiments</Link> /{' '}
        {experimentId !== undefined && <><Link to={`/experiments/${encodeURIComponent(experimentId)}`}>back to runs</Link> /</>}
      </div>
      <div className="page-header">
        <h1>Compare <span className="num">{runs.length}</span> runs</h1>
        {view.hidden.size > 0 && <span className="muted">{view.hidden.size} hidden</span>}
      </div>
      <CompareLegend runs={runs} hidden={view.hidden} onToggle={toggle} />
      <section className="section">
        <h2>Metrics</h2>
        <CompareCharts runs={runs} visible={visible} />
      </section>
      <section className="section">
        <h2>Parallel coordinates</h2>
        <ParallelCoordinates runs={runs} visible={visible} />
      </section>
      <section className="section">
        <h2>Scatter</h2>
        <ScatterPlot runs={runs} visible={visible} />
      </section>
      <section className="section">
        <h2>Differences</h2>
        <DiffTable runs={runs} visible={visible} />
      </section>
    </div>
  );
}

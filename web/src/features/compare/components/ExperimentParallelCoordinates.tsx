import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { useExperimentKeys } from '../../runs/api/useExperimentKeys';
import { ANALYSIS_MAX_RUNS, useExperimentAnalysisRuns } from '../api/useExperimentAnalysisRuns';
import { buildColumns, columnId, defaultAxes, parseColumnId, type AnalysisColumn, type AnalysisRow } from '../analysis/columns';
import { useAnalysisView } from '../analysis/useAnalysisView';
import { AxisChooser, axisOption, type AxisOption } from '../plots/AxisChooser';
import { ParallelCoordinatesPlot, type PlotRows } from '../plots/ParallelCoordinatesPlot';
import { compareHref, MAX_COMPARED_RUNS } from '../state/compareView';
import { NotEnoughColumns } from './ParallelCoordinates';
import '../analysis/analysis.css';

// Before the user picks axes: the most logged params (the ones that differ are kept once loaded)
// and the most logged metrics.
const DEFAULT_PARAMS = 12;
const DEFAULT_METRICS = 3;

/** Low → high along a blue-to-orange ramp that reads on light and dark backgrounds. */
const RAMP = ['#3b6fb6', '#4a8cc4', '#63a9c9', '#8ec3bd', '#cfc07f', '#e9a25c', '#e07b45', '#c9503a'];
const NO_VALUE = '#8a929e';

/** Colors runs by the last axis when it is numeric (8 equal-width buckets), else one color. */
function colorRows(rows: readonly AnalysisRow[], colorBy: AnalysisColumn | undefined): PlotRows {
  const colorIndex = new Uint16Array(rows.length);
  let palette = ['#4e79a7'];
  if (colorBy !== undefined && colorBy.type === 'numeric') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of colorBy.values) if (Number.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
    palette = [...RAMP, NO_VALUE];
    const span = max - min || 1;
    colorBy.values.forEach((v, i) => { colorIndex[i] = Number.isFinite(v) ? Math.min(RAMP.length - 1, Math.floor(((v - min) / span) * RAMP.length)) : RAMP.length; });
  }
  return { ids: rows.map((r) => r.id), labels: rows.map((r) => r.label), colorIndex, palette };
}

/**
 * The experiment page's parallel coordinates over up to 10,000 runs of the current filter: a toggle
 * button, and when open (`pcp=1` in the URL) the plot over the chosen axes, loaded with only those columns.
 */
export function ExperimentParallelCoordinates({ experimentId, filter, deleted, onSelectRuns }: {
  experimentId: string;
  filter: string;
  deleted: boolean;
  onSelectRuns?: (runIds: string[]) => void;
}) {
  const [params, setParams] = useSearchParams();
  const open = params.get('pcp') === '1';
  const toggle = () => setParams((current) => {
    const next = new URLSearchParams(current);
    if (open) next.delete('pcp');
    else next.set('pcp', '1');
    return next;
  }, { replace: true });
  return (
    <>
      <button aria-pressed={open} aria-expanded={open} onClick={toggle} data-testid="pc-toggle">Parallel coordinates</button>
      {open && <Panel experimentId={experimentId} filter={filter} deleted={deleted} onSelectRuns={onSelectRuns} />}
    </>
  );
}

function Panel({ experimentId, filter, deleted, onSelectRuns }: { experimentId: string; filter: string; deleted: boolean; onSelectRuns: ((runIds: string[]) => void) | undefined }) {
  const [view, setView] = useAnalysisView();
  const keys = useExperimentKeys(experimentId, true);
  const options = useMemo<AxisOption[]>(() => (keys.data?.keys ?? []).flatMap((k) => (k.kind === 'tags' ? [] : [{
    id: columnId(k.kind === 'params' ? 'param' : 'metric', k.key), kind: k.kind === 'params' ? 'param' : 'metric', key: k.key, categorical: false, logable: false,
  }])), [keys.data]);
  // The columns to load: the chosen axes, or the most logged params and metrics.
  const wanted = useMemo(() => {
    if (view.axes !== undefined) return view.axes;
    const ranked = [...(keys.data?.keys ?? [])].sort((a, b) => b.count - a.count);
    return [
      ...ranked.filter((k) => k.kind === 'params').slice(0, DEFAULT_PARAMS).map((k) => columnId('param', k.key)),
      ...ranked.filter((k) => k.kind === 'metrics').slice(0, DEFAULT_METRICS).map((k) => columnId('metric', k.key)),
    ];
  }, [view.axes, keys.data]);
  // Columns once loaded stay in the request, so removing or reordering axes never reloads 10,000 runs.
  const [fetched, setFetched] = useState<string[]>(wanted);
  if (!wanted.every((id) => fetched.includes(id))) setFetched([...new Set([...fetched, ...wanted])]);
  const projection = useMemo(() => {
    const parsed = fetched.flatMap((id) => parseColumnId(id) ?? []);
    return { params: parsed.filter((c) => c.kind === 'param').map((c) => c.key), metrics: parsed.filter((c) => c.kind === 'metric').map((c) => c.key) };
  }, [fetched]);
  const runs = useExperimentAnalysisRuns(experimentId, filter, deleted, projection, keys.isSuccess && fetched.length > 0);
  const rows = runs.data?.rows;
  const columns = useMemo(() => buildColumns(rows ?? []), [rows]);
  const axes = useMemo(() => {
    const byId = new Map(columns.map((c) => [c.id, c]));
    const ids = view.axes ?? defaultAxes(columns, DEFAULT_PARAMS, DEFAULT_METRICS);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }, [columns, view.axes]);
  const chooserOptions = useMemo(() => {
    const loaded = new Map(columns.map((c) => [c.id, axisOption(c)]));
    return options.map((o) => loaded.get(o.id) ?? o);
  }, [options, columns]);
  const plotRows = useMemo(() => colorRows(rows ?? [], axes[axes.length - 1]), [rows, axes]);
  const [brushed, setBrushed] = useState<{ count: number; ids: string[]; brushing: boolean }>({ count: 0, ids: [], brushing: false });
  const onBrushed = useCallback((mask: Uint8Array, count: number, brushing: boolean) => {
    // The ids are collected only when few enough to act on; the count alone is cheap.
    const ids = brushing && count <= ANALYSIS_MAX_RUNS ? plotRows.ids.filter((_, i) => mask[i] === 1) : [];
    setBrushed({ count, ids, brushing });
  }, [plotRows]);
  const setLog = (id: string, on: boolean) => {
    const log = new Set(view.log);
    if (on) log.add(id);
    else log.delete(id);
    setView({ log });
  };
  const chosenIds = view.axes ?? axes.map((a) => a.id);
  const colorBy = axes[axes.length - 1];

  return (
    <div className="analysis-panel" data-testid="experiment-pc">
      {keys.isError ? (
        <ErrorState error={keys.error} title="Could not load the experiment's keys" onRetry={() => void keys.refetch()} />
      ) : runs.isError ? (
        <ErrorState error={runs.error} title="Could not load the runs" onRetry={() => void runs.refetch()} />
      ) : keys.isPending || (runs.isPending && runs.fetchStatus !== 'idle') ? (
        <LoadingState label={`Loading up to ${ANALYSIS_MAX_RUNS.toLocaleString()} runs…`} />
      ) : options.length === 0 || (rows !== undefined && columns.length < 2) ? (
        <NotEnoughColumns columns={columns} />
      ) : (
        <>
          <AxisChooser columns={chooserOptions} chosen={chosenIds} log={view.log} onChange={(ids) => setView({ axes: ids })} onLog={setLog} />
          {axes.length < 2 ? (
            <EmptyState title="Choose at least two axes">Add params or metrics with <strong>+ Add axis…</strong> above.</EmptyState>
          ) : (
            <>
              <ParallelCoordinatesPlot rows={plotRows} axes={axes} log={view.log} onBrushed={onBrushed} height={300} />
              <div className="brush-summary" data-testid="brush-summary">
                <span className="muted num" data-testid="pc-run-count">
                  {plotRows.ids.length.toLocaleString()} runs{runs.data?.truncated ? ` (the newest ${ANALYSIS_MAX_RUNS.toLocaleString()}; narrow the filter for the rest)` : ''}
                  {colorBy?.type === 'numeric' ? ` · color: ${colorBy.key}, low → high` : ''}
                </span>
                {brushed.brushing ? (
                  <>
                    <strong className="num" data-testid="brushed-count">{brushed.count.toLocaleString()} brushed</strong>
                    {onSelectRuns !== undefined && <button className="small" disabled={brushed.count === 0} onClick={() => onSelectRuns(brushed.ids)}>Select these</button>}
                    {brushed.count >= 2 && brushed.count <= MAX_COMPARED_RUNS && <Link className="button small" to={compareHref(brushed.ids)}>Compare these</Link>}
                  </>
                ) : (
                  <span className="muted">Drag along an axis to brush; click an axis to clear.</span>
                )}
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}

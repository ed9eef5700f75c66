import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import { buildColumns, defaultAxes, type AnalysisColumn } from '../analysis/columns';
import { resolveAxes, toAnalysisRow } from '../analysis/rows';
import { useAnalysisView } from '../analysis/useAnalysisView';
import { AxisChooser, axisOption } from '../plots/AxisChooser';
import { ParallelCoordinatesPlot, type PlotRows } from '../plots/ParallelCoordinatesPlot';
import type { CompareRun, CompareSectionProps } from '../state/compareRun';
import { parseCompareView, writeCompareView } from '../state/compareView';
import '../analysis/analysis.css';

/** The compare page's parallel coordinates: one line per shown run in its color; brushing can hide the others. */
export function ParallelCoordinates({ visible }: CompareSectionProps) {
  const [view, setView] = useAnalysisView();
  const [, setParams] = useSearchParams();
  const rows = useMemo(() => visible.map((r) => toAnalysisRow(r.id, r.label, r.run.data)), [visible]);
  const columns = useMemo(() => buildColumns(rows), [rows]);
  const axisIds = useMemo(() => resolveAxes(view.axes, new Set(columns.map((c) => c.id)), defaultAxes(columns)), [view.axes, columns]);
  const options = useMemo(() => columns.map(axisOption), [columns]);
  const axes = useMemo(() => axisIds.flatMap((id) => columns.filter((c) => c.id === id)), [axisIds, columns]);
  const plotRows = useMemo<PlotRows>(() => ({
    ids: visible.map((r) => r.id),
    labels: visible.map((r) => r.label),
    colorIndex: Uint16Array.from(visible, (_, i) => i),
    palette: visible.map((r) => r.color),
  }), [visible]);
  const [brushed, setBrushed] = useState<{ runs: CompareRun[]; brushing: boolean }>({ runs: [], brushing: false });
  const onBrushed = useCallback((mask: Uint8Array, _count: number, brushing: boolean) => {
    setBrushed({ runs: visible.filter((_, i) => mask[i] === 1), brushing });
  }, [visible]);

  const keepOnlyBrushed = () => {
    const keep = new Set(brushed.runs.map((r) => r.id));
    setParams((current) => {
      const compare = parseCompareView(current);
      const hidden = new Set([...compare.hidden, ...visible.filter((r) => !keep.has(r.id)).map((r) => r.id)]);
      return writeCompareView({ ...compare, hidden }, current);
    }, { replace: true });
  };
  const setLog = (id: string, on: boolean) => {
    const log = new Set(view.log);
    if (on) log.add(id);
    else log.delete(id);
    setView({ log });
  };

  if (visible.length < 2) return <EmptyState title="Show at least two runs">Parallel coordinates compare runs: show more runs in the legend above.</EmptyState>;
  if (columns.length < 2) return <NotEnoughColumns columns={columns} />;
  return (
    <div data-testid="parallel-coordinates">
      <AxisChooser columns={options} chosen={axisIds} log={view.log} onChange={(ids) => setView({ axes: ids })} onLog={setLog} />
      {axes.length < 2 ? (
        <EmptyState title="Choose at least two axes">Add params or metrics with <strong>+ Add axis…</strong> above.</EmptyState>
      ) : (
        <>
          <ParallelCoordinatesPlot rows={plotRows} axes={axes} log={view.log} onBrushed={onBrushed} />
          <div className="brush-summary" data-testid="brush-summary">
            {brushed.brushing ? (
              <>
                <strong className="num" data-testid="brushed-count">{brushed.runs.length} of {visible.length} runs brushed</strong>
                <ul>
                  {brushed.runs.slice(0, 12).map((r) => <li key={r.id}><span className="swatch" style={{ background: r.color }} />{r.label}</li>)}
                  {brushed.runs.length > 12 && <li className="muted">+{brushed.runs.length - 12} more</li>}
                </ul>
                <span className="spacer" />
                <button disabled={brushed.runs.length === 0 || brushed.runs.length === visible.length} onClick={keepOnlyBrushed}>Keep only brushed</button>
              </>
            ) : (
              <span className="muted">Drag along an axis to brush a range (several axes combine); click an axis to clear its brush. Hover a line for its values.</span>
            )}
          </div>
        </>
      )}
    </div>
  );
}

export function NotEnoughColumns({ columns }: { columns: readonly AnalysisColumn[] }) {
  const params = columns.filter((c) => c.kind === 'param').length;
  return (
    <EmptyState title={columns.length === 0 ? 'No params or metrics logged' : 'Only one param or metric to plot'}>
      <p>
        These plots need at least two params or metrics.{' '}
        {params === 0 ? 'No params are logged: log hyperparameters with log_param (or mlflow.log_params) in your training script.' : 'Log more metrics with log_metric, or more params with log_param.'}
      </p>
    </EmptyState>
  );
}

import { useMemo } from 'react';
import { EmptyState } from '../../../components/states/EmptyState';
import { buildColumns, type AnalysisColumn } from '../analysis/columns';
import { toAnalysisRow } from '../analysis/rows';
import { canLog } from '../analysis/scales';
import { useAnalysisView } from '../analysis/useAnalysisView';
import type { PlotRows } from '../plots/ParallelCoordinatesPlot';
import { ScatterCanvas } from '../plots/ScatterCanvas';
import type { CompareSectionProps } from '../state/compareRun';
import { NotEnoughColumns } from './ParallelCoordinates';
import '../analysis/analysis.css';

/** Default axes: x = the first param whose values differ (numeric first), y = the first metric. */
function defaultPair(columns: readonly AnalysisColumn[]): [string | undefined, string | undefined] {
  const params = columns.filter((c) => c.kind === 'param' && c.distinct > 1);
  const x = params.find((c) => c.type === 'numeric') ?? params[0] ?? columns[0];
  const y = columns.find((c) => c.kind === 'metric' && c.id !== x?.id) ?? columns.find((c) => c.id !== x?.id);
  return [x?.id, y?.id];
}

function ColumnSelect({ label, columns, value, onChange }: { label: string; columns: readonly AnalysisColumn[]; value: string; onChange: (id: string) => void }) {
  return (
    <label>
      {label}
      <select aria-label={`Scatter ${label}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <optgroup label="Params">
          {columns.filter((c) => c.kind === 'param').map((c) => <option key={c.id} value={c.id}>{c.key}{c.type === 'categorical' ? ' (categories)' : ''}</option>)}
        </optgroup>
        <optgroup label="Metrics">
          {columns.filter((c) => c.kind === 'metric').map((c) => <option key={c.id} value={c.id}>{c.key}</option>)}
        </optgroup>
      </select>
    </label>
  );
}

/** Any two params or metrics of the shown runs against each other, points in the runs' colors. */
export function ScatterPlot({ visible }: CompareSectionProps) {
  const [view, setView] = useAnalysisView();
  const rows = useMemo(() => visible.map((r) => toAnalysisRow(r.id, r.label, r.run.data)), [visible]);
  const columns = useMemo(() => buildColumns(rows), [rows]);
  const plotRows = useMemo<PlotRows>(() => ({
    ids: visible.map((r) => r.id),
    labels: visible.map((r) => r.label),
    colorIndex: Uint16Array.from(visible, (_, i) => i),
    palette: visible.map((r) => r.color),
  }), [visible]);
  const [defaultX, defaultY] = useMemo(() => defaultPair(columns), [columns]);
  const x = columns.find((c) => c.id === view.scatterX) ?? columns.find((c) => c.id === defaultX);
  const y = columns.find((c) => c.id === view.scatterY) ?? columns.find((c) => c.id === defaultY);

  if (visible.length === 0) return <EmptyState title="No runs shown">Show runs in the legend above.</EmptyState>;
  if (columns.length < 2 || x === undefined || y === undefined) return <NotEnoughColumns columns={columns} />;
  const toggleLog = (id: string) => {
    const log = new Set(view.log);
    if (!log.delete(id)) log.add(id);
    setView({ log });
  };
  return (
    <div data-testid="scatter">
      <div className="analysis-bar">
        <ColumnSelect label="x" columns={columns} value={x.id} onChange={(id) => setView({ scatterX: id })} />
        {canLog(x) && <button aria-pressed={view.log.has(x.id)} onClick={() => toggleLog(x.id)}>log x</button>}
        <ColumnSelect label="y" columns={columns} value={y.id} onChange={(id) => setView({ scatterY: id })} />
        {canLog(y) && <button aria-pressed={view.log.has(y.id)} onClick={() => toggleLog(y.id)}>log y</button>}
      </div>
      <ScatterCanvas rows={plotRows} x={x} y={y} logX={view.log.has(x.id)} logY={view.log.has(y.id)} />
    </div>
  );
}

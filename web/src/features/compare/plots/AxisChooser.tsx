import type { AnalysisColumn, ColumnKind } from '../analysis/columns';
import { canLog } from '../analysis/scales';

/** A column the user can put on an axis (on the experiment page, before its values are loaded). */
export interface AxisOption {
  id: string;
  kind: ColumnKind;
  key: string;
  categorical: boolean;
  logable: boolean;
}

export const axisOption = (c: AnalysisColumn): AxisOption => ({ id: c.id, kind: c.kind, key: c.key, categorical: c.type === 'categorical', logable: canLog(c) });

/**
 * The chosen axes as chips (log toggle, move left, remove) and a select that adds any other
 * column: a short list in order, the rest one menu away.
 */
export function AxisChooser({ columns, chosen, log, onChange, onLog }: {
  columns: readonly AxisOption[];
  chosen: readonly string[];
  log: ReadonlySet<string>;
  onChange: (axes: string[]) => void;
  onLog: (columnId: string, on: boolean) => void;
}) {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const rest = columns.filter((c) => !chosen.includes(c.id));
  const move = (i: number) => {
    const next = [...chosen];
    [next[i - 1], next[i]] = [next[i] ?? '', next[i - 1] ?? ''];
    onChange(next);
  };
  return (
    <div className="analysis-bar" data-testid="axis-chooser">
      <span className="muted">Axes</span>
      {chosen.map((id, i) => {
        const column = byId.get(id);
        if (column === undefined) return null;
        return (
          <span key={id} className="axis-chip" title={id}>
            <span className="kind">{column.kind === 'param' ? 'P' : 'M'}</span>
            {column.key}
            {column.logable && (
              <button aria-pressed={log.has(id)} aria-label={`Log scale for ${id}`} title="Log scale" onClick={() => onLog(id, !log.has(id))}>log</button>
            )}
            {i > 0 && <button aria-label={`Move ${id} left`} title="Move left" onClick={() => move(i)}>←</button>}
            <button aria-label={`Remove axis ${id}`} title="Remove axis" onClick={() => onChange(chosen.filter((c) => c !== id))}>×</button>
          </span>
        );
      })}
      {rest.length > 0 && (
        <select aria-label="Add axis" value="" onChange={(e) => e.target.value !== '' && onChange([...chosen, e.target.value])}>
          <option value="">+ Add axis…</option>
          <optgroup label="Params">
            {rest.filter((c) => c.kind === 'param').map((c) => <option key={c.id} value={c.id}>{c.key}{c.categorical ? ' (categories)' : ''}</option>)}
          </optgroup>
          <optgroup label="Metrics">
            {rest.filter((c) => c.kind === 'metric').map((c) => <option key={c.id} value={c.id}>{c.key}</option>)}
          </optgroup>
        </select>
      )}
    </div>
  );
}

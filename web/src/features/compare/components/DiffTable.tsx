import { Fragment, useMemo, useState } from 'react';
import { EmptyState } from '../../../components/states/EmptyState';
import { fromWireDouble } from '../../../lib/strata';
import { useDebounced } from '../../../lib/useDebounced';
import { diffRows, visibleDiffRows, type DiffRow, type DiffSection } from '../analysis/diff';
import { useAnalysisView } from '../analysis/useAnalysisView';
import type { CompareSectionProps } from '../state/compareRun';
import '../analysis/analysis.css';

const SECTIONS: Array<{ section: DiffSection; title: string }> = [
  { section: 'params', title: 'Params' },
  { section: 'metrics', title: 'Metrics (latest value)' },
  { section: 'tags', title: 'Tags' },
  { section: 'system', title: 'System tags (mlflow.*)' },
];

/** Params, latest metrics and tags of the shown runs side by side; by default only the keys whose values differ. */
export function DiffTable({ visible }: CompareSectionProps) {
  const [view, setView] = useAnalysisView();
  const [filterText, setFilterText] = useState('');
  const filter = useDebounced(filterText, 150);
  const [systemOpen, setSystemOpen] = useState(false);
  const rows = useMemo(() => diffRows(visible.map((r) => ({
    params: r.run.data.params ?? [],
    metrics: (r.run.data.metrics ?? []).map((m) => ({ key: m.key, value: fromWireDouble(m.value) })),
    tags: r.run.data.tags ?? [],
  }))), [visible]);
  const shown = useMemo(() => visibleDiffRows(rows, view.onlyDifferences, filter), [rows, view.onlyDifferences, filter]);
  const differing = rows.filter((r) => r.differs).length;

  if (visible.length === 0) return <EmptyState title="No runs shown">Show runs in the legend above.</EmptyState>;
  return (
    <div data-testid="diff-table">
      <div className="analysis-bar">
        <input type="search" placeholder="Filter keys" aria-label="Filter keys" value={filterText} onChange={(e) => setFilterText(e.target.value)} />
        <label>
          <input type="checkbox" checked={view.onlyDifferences} onChange={(e) => setView({ onlyDifferences: e.target.checked })} />
          Only differences
        </label>
        <span className="muted num" data-testid="diff-counts">{differing} of {rows.length} keys differ</span>
        <span className="spacer" />
        <span className="muted">Highlighted: differs from the first run</span>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={rows.length === 0 ? 'Nothing logged' : filter.trim() !== '' ? `No key matches “${filter.trim()}”` : 'The runs do not differ'}>
          {rows.length === 0 ? 'These runs have no params, metrics or tags.' : view.onlyDifferences ? <button className="link" onClick={() => setView({ onlyDifferences: false })}>Show all keys</button> : null}
        </EmptyState>
      ) : (
        <div className="diff-scroll">
          <table className="diff-table">
            <thead>
              <tr>
                <th className="key" scope="col">Key</th>
                {visible.map((r) => (
                  <th key={r.id} scope="col" title={r.label}>
                    <span className="run-head"><span className="swatch" style={{ background: r.color }} />{r.label}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {SECTIONS.map(({ section, title }) => {
                const group = shown.filter((r) => r.section === section);
                if (group.length === 0) return null;
                const collapsed = section === 'system' && !systemOpen;
                return (
                  <Fragment key={section}>
                    <tr className="group">
                      <th colSpan={1} scope="rowgroup">
                        {section === 'system' ? (
                          <button className="link" aria-expanded={!collapsed} onClick={() => setSystemOpen(!systemOpen)}>{collapsed ? '▸' : '▾'} {title} · {group.length}</button>
                        ) : `${title} · ${group.length}`}
                      </th>
                      <td colSpan={visible.length} />
                    </tr>
                    {!collapsed && group.map((row) => <DiffLine key={`${section}:${row.key}`} row={row} />)}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function DiffLine({ row }: { row: DiffRow }) {
  const first = row.cells[0];
  return (
    <tr className={row.differs ? 'differs' : undefined} data-key={row.key}>
      <td className="key" title={row.key}>{row.key}</td>
      {row.cells.map((cell, i) => {
        const cls = [row.numeric ? 'num' : '', i > 0 && cell !== first ? 'changed' : ''].filter(Boolean).join(' ');
        return (
          <td key={i} className={cls || undefined} title={cell ?? 'not logged'}>
            {cell === undefined ? <span className="missing">—</span> : cell}
          </td>
        );
      })}
    </tr>
  );
}

import { Link } from 'react-router';
import type { CompareRun } from '../state/compareRun';

/** Every compared run with its color; clicking a name's swatch hides or shows it everywhere. */
export function CompareLegend({ runs, hidden, onToggle }: { runs: CompareRun[]; hidden: Set<string>; onToggle: (runId: string) => void }) {
  return (
    <ul className="compare-legend" data-testid="compare-legend">
      {runs.map((r) => {
        const off = hidden.has(r.id);
        return (
          <li key={r.id} className={off ? 'off' : undefined}>
            <button
              className="swatch"
              style={{ background: off ? 'transparent' : r.color, borderColor: r.color }}
              aria-pressed={!off}
              aria-label={`${off ? 'Show' : 'Hide'} ${r.label}`}
              title={off ? 'Show this run' : 'Hide this run'}
              onClick={() => onToggle(r.id)}
            />
            <Link to={`/experiments/${encodeURIComponent(r.run.info.experiment_id)}/runs/${encodeURIComponent(r.id)}`}>{r.label}</Link>
          </li>
        );
      })}
    </ul>
  );
}

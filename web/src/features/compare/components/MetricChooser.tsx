import { useMemo, useState } from 'react';

/** A searchable list of the metric keys to chart, for comparisons with more than 20 keys. */
export function MetricChooser({ allKeys, chosen, onChange }: { allKeys: string[]; chosen: string[]; onChange: (keys: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const chosenSet = useMemo(() => new Set(chosen), [chosen]);
  const matches = useMemo(() => allKeys.filter((k) => k.toLowerCase().includes(search.toLowerCase())).slice(0, 500), [allKeys, search]);
  const toggle = (key: string) => onChange(chosenSet.has(key) ? chosen.filter((k) => k !== key) : [...chosen, key].sort());
  return (
    <div className="metric-chooser">
      <button className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        Metrics <span className="num muted">{chosen.length}/{allKeys.length}</span>
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Choose metrics" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <input type="search" autoFocus placeholder={`Search ${allKeys.length} metrics`} aria-label="Search metrics" value={search} onChange={(e) => setSearch(e.target.value)} />
          <ul>
            {matches.map((key) => (
              <li key={key}>
                <label>
                  <input type="checkbox" checked={chosenSet.has(key)} onChange={() => toggle(key)} />
                  <span className="mono ellipsis">{key}</span>
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

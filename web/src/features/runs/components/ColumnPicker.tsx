import { useEffect, useMemo, useRef, useState } from 'react';
import { keyColumnId, type KeyKind } from '../state/columns';

export interface AvailableKey {
  kind: KeyKind;
  key: string;
  /** How many runs have it. */
  count: number;
}

/** Matching keys shown at once; the search narrows the rest (5,000 keys stay instant). */
const MAX_SHOWN = 300;
const KIND_LABEL: Record<KeyKind, string> = { metrics: 'Metrics', params: 'Params', tags: 'Tags' };

export function ColumnPicker({ available, selected, onChange, note }: { available: AvailableKey[]; selected: string[]; onChange: (columns: string[]) => void; note?: string }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const matches = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle === '' ? available : available.filter((k) => `${k.kind}.${k.key}`.toLowerCase().includes(needle));
  }, [available, search]);
  const chosen = new Set(selected);
  const toggle = (id: string) => onChange(chosen.has(id) ? selected.filter((c) => c !== id) : [...selected, id]);
  return (
    <div className="popover-anchor" ref={rootRef}>
      <button onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="dialog">
        Columns{selected.length > 0 ? ` (${selected.length})` : ''}
      </button>
      {open && (
        <div className="popover column-picker" role="dialog" aria-label="Choose columns" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div style={{ padding: 8, borderBottom: '1px solid var(--border)' }}>
            <input type="search" autoFocus placeholder={`Search ${available.length.toLocaleString()} keys`} aria-label="Search keys" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: '100%' }} />
          </div>
          <div className="picker-list">
            {matches.length === 0 && <div className="state">No key matches “{search}”.</div>}
            {(['metrics', 'params', 'tags'] as const).map((kind) => {
              const ofKind = matches.filter((k) => k.kind === kind).slice(0, MAX_SHOWN);
              if (ofKind.length === 0) return null;
              return (
                <div key={kind}>
                  <div className="picker-group">{KIND_LABEL[kind]}</div>
                  {ofKind.map((k) => {
                    const id = keyColumnId(k.kind, k.key);
                    return (
                      <label key={id} className="picker-item">
                        <input type="checkbox" checked={chosen.has(id)} onChange={() => toggle(id)} />
                        <span className="ellipsis" title={k.key}>{k.key}</span>
                        <span className="num faint">{k.count.toLocaleString()}</span>
                      </label>
                    );
                  })}
                </div>
              );
            })}
            {matches.length > MAX_SHOWN * 3 && <div className="faint" style={{ padding: 8 }}>Type to narrow {matches.length.toLocaleString()} keys.</div>}
          </div>
          <div className="picker-footer">
            <span className="faint">{note}</span>
            <span className="spacer" />
            {selected.length > 0 && <button className="small" onClick={() => onChange([])}>Clear</button>}
          </div>
        </div>
      )}
    </div>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AvailableKey } from '../state/availableKeys';
import { keyColumnId, KEY_KINDS, type KeyKind } from '../state/columns';

const KIND_LABEL: Record<KeyKind, string> = { metrics: 'Metrics', params: 'Params', tags: 'Tags' };
const ITEM_HEIGHT = 26;

type PickerLine = { group: KeyKind; count: number } | { item: AvailableKey; id: string };

/**
 * The searchable list of every key of the experiment (from the server, with run counts). The list
 * is virtualized, so 5,000 or 50,000 keys render a screenful of rows; search is one pass over
 * pre-lowercased names per keystroke.
 */
export function ColumnPicker({ available, selected, onChange, loading, note }: { available: AvailableKey[]; selected: string[]; onChange: (columns: string[]) => void; loading?: boolean; note?: string }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const searchable = useMemo(() => available.map((k) => ({ k, text: `${k.kind}.${k.key}`.toLowerCase() })), [available]);
  const lines = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matches = needle === '' ? available : searchable.filter((s) => s.text.includes(needle)).map((s) => s.k);
    const out: PickerLine[] = [];
    for (const kind of KEY_KINDS) {
      const ofKind = matches.filter((k) => k.kind === kind);
      if (ofKind.length === 0) continue;
      out.push({ group: kind, count: ofKind.length });
      for (const item of ofKind) out.push({ item, id: keyColumnId(item.kind, item.key) });
    }
    return out;
  }, [available, searchable, search]);
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => listRef.current, estimateSize: () => ITEM_HEIGHT, overscan: 8 });
  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 });
  }, [search]);
  const chosen = new Set(selected);
  const toggle = (id: string) => onChange(chosen.has(id) ? selected.filter((c) => c !== id) : [...selected, id]);
  const matchCount = lines.filter((l) => 'item' in l).length;
  return (
    <div className="popover-anchor" ref={rootRef}>
      <button onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="dialog">
        Columns{selected.length > 0 ? ` (${selected.length})` : ''}
      </button>
      {open && (
        <div className="popover column-picker" role="dialog" aria-label="Choose columns" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div className="picker-search">
            <input type="search" autoFocus placeholder={loading ? 'Loading keys…' : `Search ${available.length.toLocaleString()} keys`} aria-label="Search keys" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <div className="picker-list" ref={listRef} data-testid="picker-list" aria-label={`${matchCount.toLocaleString()} keys`}>
            {!loading && lines.length === 0 && <div className="state">{available.length === 0 ? 'No params, metrics or tags logged yet.' : `No key matches “${search}”.`}</div>}
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((v) => {
                const line = lines[v.index];
                if (line === undefined) return null;
                const style = { transform: `translateY(${v.start}px)`, height: ITEM_HEIGHT };
                if ('group' in line) {
                  return (
                    <div key={`g-${line.group}`} className="picker-group" style={style}>
                      {KIND_LABEL[line.group]} <span className="num">{line.count.toLocaleString()}</span>
                    </div>
                  );
                }
                return (
                  <label key={line.id} className="picker-item" style={style}>
                    <input type="checkbox" checked={chosen.has(line.id)} onChange={() => toggle(line.id)} />
                    <span className="ellipsis" title={line.item.key}>{line.item.key}</span>
                    <span className="num faint" title={`${line.item.count.toLocaleString()} runs have it`}>{line.item.count.toLocaleString()}</span>
                  </label>
                );
              })}
            </div>
          </div>
          <div className="picker-footer">
            <span className="faint">{note ?? `${matchCount.toLocaleString()} of ${available.length.toLocaleString()} keys · counts are runs`}</span>
            <span className="spacer" />
            {selected.length > 0 && <button className="small" onClick={() => onChange([])}>Clear</button>}
          </div>
        </div>
      )}
    </div>
  );
}

import { useMemo, useState } from 'react';

/** Params or tags: a two-column table, with a search box once there are many. */
export function KeyValueTable({ entries, empty, label }: { entries: Array<{ key: string; value: string }>; empty: string; label: string }) {
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const sorted = [...entries].sort((a, b) => a.key.localeCompare(b.key));
    return needle === '' ? sorted : sorted.filter((e) => e.key.toLowerCase().includes(needle) || e.value.toLowerCase().includes(needle));
  }, [entries, search]);
  if (entries.length === 0) return <div className="muted">{empty}</div>;
  return (
    <>
      {entries.length > 12 && <input type="search" placeholder={`Search ${entries.length} ${label}`} aria-label={`Search ${label}`} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: '100%', marginBottom: 6 }} />}
      <table className="data kv" aria-label={label}>
        <tbody>
          {shown.map((e) => (
            <tr key={e.key}>
              <td className="mono">{e.key}</td>
              <td className="mono"><LongValue value={e.value} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Past this, a value (a JSON tag such as mlflow.log-model.history, a 6,000-character param) starts folded. */
const FOLDED_LENGTH = 240;

function LongValue({ value }: { value: string }) {
  const [open, setOpen] = useState(false);
  if (value.length <= FOLDED_LENGTH || open) return <>{value}</>;
  return (
    <>
      {value.slice(0, FOLDED_LENGTH)}…{' '}
      <button type="button" className="link-button" onClick={() => setOpen(true)}>show all {value.length.toLocaleString()} characters</button>
    </>
  );
}

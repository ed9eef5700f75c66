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
              <td className="mono">{e.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

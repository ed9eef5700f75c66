import type { AvailableKey } from '../components/ColumnPicker';
import type { KeyKind, RunRow } from './columns';

/** Every param, metric and tag key among `rows`, with how many of them have it; sorted by kind, then key. */
export function keysOfRows(rows: readonly RunRow[]): AvailableKey[] {
  const counts = new Map<string, AvailableKey>();
  const add = (kind: KeyKind, key: string) => {
    const id = `${kind}.${key}`;
    const found = counts.get(id);
    if (found) found.count++;
    else counts.set(id, { kind, key, count: 1 });
  };
  for (const row of rows) {
    for (const key of row.metrics.keys()) add('metrics', key);
    for (const key of row.params.keys()) add('params', key);
    for (const key of row.tags.keys()) add('tags', key);
  }
  return [...counts.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
}

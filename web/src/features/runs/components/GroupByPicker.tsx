import { useMemo } from 'react';
import type { AvailableKey } from '../state/availableKeys';
import { keyColumnId } from '../state/columns';

const KINDS = [
  { kind: 'params', label: 'Params' },
  { kind: 'tags', label: 'Tags' },
] as const;

/** Group the table by a param or tag (metrics have too many distinct values to group by). */
export function GroupByPicker({ keys, value, onChange }: { keys: readonly AvailableKey[]; value: string | undefined; onChange: (groupBy: string | undefined) => void }) {
  // Built once per key list: the experiment page re-renders this picker for every runs page it
  // loads and every state change of a sort or filter, and an option per key (with its formatted
  // count) cost milliseconds each time.
  const groups = useMemo(
    () =>
      KINDS.map(({ kind, label }) => (
        <optgroup key={kind} label={label}>
          {keys
            .filter((k) => k.kind === kind)
            .map((k) => (
              <option key={k.key} value={keyColumnId(kind, k.key)}>
                Group by {k.key} ({k.count.toLocaleString()})
              </option>
            ))}
        </optgroup>
      )),
    [keys],
  );
  return (
    <select className="group-by" aria-label="Group by" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
      <option value="">No grouping</option>
      {groups}
      {/* A group from a link whose key this experiment no longer has still shows as chosen. */}
      {value !== undefined && !keys.some((k) => keyColumnId(k.kind, k.key) === value) && <option value={value}>Group by {value}</option>}
    </select>
  );
}

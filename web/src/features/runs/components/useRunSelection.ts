import { useCallback, useMemo, useRef } from 'react';
import type { OnChangeFn, RowSelectionState } from '@tanstack/react-table';
import type { RunRow } from '../state/columns';

/** The header's select-all box. */
export interface SelectAll {
  /** Every selectable loaded run is selected. */
  checked: boolean;
  /** Some runs are selected, not every loaded one. */
  indeterminate: boolean;
  /** Selects every loaded run, or (all selected) clears them. */
  toggle: () => void;
}

/** A run's row can be selected; a group's header cannot. */
function selectableId(row: RunRow | undefined): string | undefined {
  return row === undefined || row.display?.group !== undefined ? undefined : row.run.info.run_id;
}

/**
 * Selection of the loaded runs by position (keyboard, Shift+click ranges) and all at once. The
 * selection is a record of run ids (the page's state); the grid keeps no per-run objects for it.
 */
export function useRunSelection(rows: readonly RunRow[], selection: RowSelectionState, onChange: OnChangeFn<RowSelectionState>) {
  const toggle = useCallback(
    (index: number) => {
      const id = selectableId(rows[index]);
      if (id === undefined) return;
      onChange((previous) => {
        const next = { ...previous };
        if (next[id]) delete next[id];
        else next[id] = true;
        return next;
      });
    },
    [rows, onChange],
  );
  const selectRange = useCallback(
    (from: number, to: number) => {
      const range: RowSelectionState = {};
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const id = selectableId(rows[i]);
        if (id !== undefined) range[id] = true;
      }
      onChange((previous) => ({ ...previous, ...range }));
    },
    [rows, onChange],
  );
  // Scans the loaded runs only when something is selected: rows change with every page loaded.
  const some = Object.keys(selection).length > 0;
  const checked = useMemo(
    () => some && rows.some((row) => selectableId(row) !== undefined) && rows.every((row) => {
      const id = selectableId(row);
      return id === undefined || selection[id] === true;
    }),
    [some, rows, selection],
  );
  // The box's toggle reads the latest rows through a ref: `all` then changes only with what the box
  // shows, and the memoized header is not rendered again for every page loaded while scrolling.
  const latest = useRef({ rows, checked });
  latest.current = { rows, checked };
  const toggleAll = useCallback(
    () =>
      onChange((previous) => {
        const next = { ...previous };
        for (const row of latest.current.rows) {
          const id = selectableId(row);
          if (id === undefined) continue;
          if (latest.current.checked) delete next[id];
          else next[id] = true;
        }
        return next;
      }),
    [onChange],
  );
  const all = useMemo<SelectAll>(() => ({ checked, indeterminate: some && !checked, toggle: toggleAll }), [checked, some, toggleAll]);
  return { toggle, selectRange, all };
}

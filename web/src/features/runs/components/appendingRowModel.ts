import { createRow, memo, type Row, type RowData, type RowModel, type Table } from '@tanstack/react-table';

/**
 * TanStack Table's core row model, for data that grows at its end (keyset pages as the user
 * scrolls): a row whose original object is still at the same index keeps its Row, so a new page
 * costs its own rows, not the whole table again. The stock getCoreRowModel() builds every Row of
 * the table on each change of `data` (each with its ~40 feature methods); at 100,000 runs that was
 * quadratic over a whole scroll, with a long task of hundreds of milliseconds per page near the end.
 * Flat data only (no getSubRows: nested runs come as rows of their own).
 */
export function getAppendingRowModel<T extends RowData>(): (table: Table<T>) => () => RowModel<T> {
  return (table) => {
    let previous: { data: readonly T[]; model: RowModel<T> } | undefined;
    return memo(
      () => [table.options.data],
      (data) => {
        const kept = previous !== undefined ? sharedPrefix(previous.data, data) : 0;
        const rows: Row<T>[] = previous ? previous.model.rows.slice(0, kept) : [];
        // rowsById is copied only when rows are dropped; appending adds to the one already built.
        const rowsById: Record<string, Row<T>> = previous && kept === previous.data.length ? previous.model.rowsById : {};
        if (rowsById !== previous?.model.rowsById) for (const row of rows) rowsById[row.id] = row;
        for (let i = kept; i < data.length; i++) {
          const row = createRow(table, table._getRowId(data[i]!, i), data[i]!, i, 0);
          rows.push(row);
          rowsById[row.id] = row;
        }
        const model: RowModel<T> = { rows, flatRows: rows, rowsById };
        previous = { data, model };
        return model;
      },
      { key: false },
    );
  };
}

/** How many leading items two arrays share (the same objects at the same indexes). */
function sharedPrefix<T>(before: readonly T[], after: readonly T[]): number {
  const n = Math.min(before.length, after.length);
  let i = 0;
  while (i < n && before[i] === after[i]) i++;
  return i;
}

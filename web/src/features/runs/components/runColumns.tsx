// Column definitions of the runs grid: built for the fixed columns and the chosen keys only
// (never one per key of the experiment: MLflow's UI died building 12,000 of them).
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { decimalsFor, formatDuration, formatFixed, formatTime } from '../../../lib/format';
import { FIXED_COLUMNS, parseKeyColumn, type RunRow } from '../state/columns';

const helper = createColumnHelper<RunRow>();

export const SELECT_WIDTH = 34;
export const KEY_COLUMN_WIDTH = 112;

export interface ColumnMeta {
  numeric?: boolean;
  sticky?: boolean;
  kind?: string;
  label: string;
}

/** A cell's classes: numbers right-aligned, pinned cells sticky, the last pinned one with an edge. */
export function cellClass(meta: ColumnMeta | undefined, pinned: boolean, edge: boolean): string {
  return `grid-cell${meta?.numeric ? ' num' : ''}${pinned ? ' sticky' : ''}${edge ? ' sticky-edge' : ''}`;
}

/** Called for a click on a row's checkbox (with Shift: a range); absent, the click toggles the row. */
export type SelectClick = (rowIndex: number, shiftKey: boolean) => void;

export interface RowHandlers {
  onSelectClick?: SelectClick;
  /** Shows or hides a parent's nested runs. */
  onToggleExpand?: (runId: string) => void;
}

export function buildColumns(experimentId: string, keyColumns: readonly string[], rows: readonly RunRow[], now: number, handlers: RowHandlers = {}): ColumnDef<RunRow, unknown>[] {
  const { onSelectClick, onToggleExpand } = handlers;
  const runPath = (row: RunRow) => `/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(row.run.info.run_id)}`;
  const fixed: ColumnDef<RunRow, unknown>[] = [
    helper.display({
      id: 'select',
      size: SELECT_WIDTH,
      enableResizing: false,
      minSize: SELECT_WIDTH,
      meta: { sticky: true, label: 'Select' } satisfies ColumnMeta,
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label="Select all loaded runs"
          checked={table.getIsAllRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomeRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          // The row is the grid's tab stop (arrow keys move between rows), not each checkbox.
          tabIndex={-1}
          aria-label={`Select run ${row.original.run.info.run_name || row.id}`}
          checked={row.getIsSelected()}
          onChange={(e) => (onSelectClick ? onSelectClick(row.index, (e.nativeEvent as MouseEvent).shiftKey === true) : row.toggleSelected())}
        />
      ),
    }),
    helper.display({
      id: 'run_name',
      size: FIXED_COLUMNS.run_name.width,
      meta: { sticky: true, label: FIXED_COLUMNS.run_name.label } satisfies ColumnMeta,
      cell: ({ row }) => {
        const display = row.original.display;
        const name = row.original.run.info.run_name || row.original.run.info.run_id.slice(0, 12);
        const link = (
          <Link to={runPath(row.original)} className="ellipsis" title={row.original.run.info.run_name} tabIndex={-1}>
            {name}
          </Link>
        );
        if (display === undefined) return link;
        const count = display.childCount ?? 0;
        return (
          <span className={`run-name-cell depth-${display.depth}`}>
            {display.depth === 0 &&
              (count > 0 ? (
                <button
                  className="caret"
                  tabIndex={-1}
                  aria-expanded={display.expanded === true}
                  aria-label={`${display.expanded ? 'Hide' : 'Show'} the ${count} nested runs of ${name}`}
                  onClick={() => onToggleExpand?.(row.original.run.info.run_id)}
                >
                  {display.expanded ? '▾' : '▸'}
                </button>
              ) : (
                <span className="caret-space" />
              ))}
            {link}
            {count > 0 && <span className="badge child-count" title={`${count} nested runs`}>{count}</span>}
          </span>
        );
      },
    }),
    helper.display({
      id: 'status',
      size: FIXED_COLUMNS.status.width,
      meta: { label: FIXED_COLUMNS.status.label } satisfies ColumnMeta,
      cell: ({ row }) => <span className={`status ${row.original.run.info.status}`}>{row.original.run.info.status.toLowerCase()}</span>,
    }),
    helper.display({
      id: 'start_time',
      size: FIXED_COLUMNS.start_time.width,
      meta: { numeric: true, label: FIXED_COLUMNS.start_time.label } satisfies ColumnMeta,
      cell: ({ row }) => formatTime(row.original.run.info.start_time),
    }),
    helper.display({
      id: 'duration',
      size: FIXED_COLUMNS.duration.width,
      meta: { numeric: true, label: FIXED_COLUMNS.duration.label } satisfies ColumnMeta,
      cell: ({ row }) => {
        const info = row.original.run.info;
        return formatDuration(info.start_time, info.end_time ?? (info.status === 'RUNNING' ? now : undefined));
      },
    }),
    helper.display({
      id: 'user_id',
      size: FIXED_COLUMNS.user_id.width,
      meta: { label: FIXED_COLUMNS.user_id.label } satisfies ColumnMeta,
      cell: ({ row }) => <span className="ellipsis">{row.original.run.info.user_id}</span>,
    }),
  ];
  return [...fixed, ...keyColumns.flatMap((id) => keyColumn(id, rows))];
}

/** Wide enough for its header (kind label + key), within reason. */
function keyColumnWidth(kind: string, key: string): number {
  return Math.min(240, Math.max(KEY_COLUMN_WIDTH, Math.round(7.2 * key.length + 6.5 * (kind.length - 1) + 54)));
}

function keyColumn(id: string, rows: readonly RunRow[]): ColumnDef<RunRow, unknown>[] {
  const column = parseKeyColumn(id);
  if (column === undefined) return [];
  const numeric = column.kind === 'metrics';
  // One number of decimals per metric column, from the rows loaded, so values align on the point.
  const decimals = numeric ? decimalsFor(rows.map((r) => r.metrics.get(column.key) ?? 0)) : undefined;
  return [
    helper.display({
      id,
      size: keyColumnWidth(column.kind, column.key),
      meta: { numeric, kind: column.kind, label: column.key } satisfies ColumnMeta,
      cell: ({ row }) => {
        const value = row.original[column.kind].get(column.key);
        if (value === undefined) return <span className="faint">—</span>;
        const text = numeric ? formatFixed(value as number, decimals) : String(value);
        return <span className="ellipsis" title={numeric ? String(value) : text}>{text}</span>;
      },
    }),
  ];
}

// Column definitions of the runs grid: built for the fixed columns and the chosen keys only
// (never one per key of the experiment: MLflow's UI died building 12,000 of them).
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { decimalsFor, formatDuration, formatFixed, formatTime } from '../../../lib/format';
import { FIXED_COLUMNS, parseKeyColumn, runValue, type RunRow } from '../state/columns';

const helper = createColumnHelper<RunRow>();

export const SELECT_WIDTH = 34;
export const KEY_COLUMN_WIDTH = 112;

/** A plain-text cell's content; undefined: the run has no value (a faint dash). */
export interface CellText {
  text: string;
  title?: string;
  /** Classes added to the cell (a run status's colour). */
  className?: string;
}

export interface ColumnMeta {
  numeric?: boolean;
  sticky?: boolean;
  kind?: string;
  label: string;
  /**
   * A plain-text column's cell, from the run alone: the grid draws it as one element holding the
   * text (no wrapper per cell: each element is a box to lay out and paint in every row scrolled
   * into view). The grid's rows call it directly, not through TanStack's cells (a Cell object and
   * its context per column per row) nor TanStack's rows (one Row per loaded run).
   */
  text?: (row: RunRow) => CellText | undefined;
  /** Long text ends in an ellipsis (the cell is a block); else the cell centres its text as a flex box. */
  ellipsis?: boolean;
  /** A cell with controls (checkbox, link, caret): its children. */
  render?: (row: RunRow, index: number, selected: boolean) => ReactNode;
  /** The body cell's class, computed once per column rather than per cell. */
  className: string;
}

/** A display column: the grid renders its cells from the meta. */
function column(id: string, size: number, meta: Omit<ColumnMeta, 'className'>, extra: Partial<ColumnDef<RunRow, unknown>> = {}): ColumnDef<RunRow, unknown> {
  const full: ColumnMeta = { ...meta, className: `${cellClass(meta, false, false)}${meta.ellipsis ? ' text' : ''}` };
  return helper.display({ id, size, meta: full, ...extra });
}

/** A cell's classes: numbers right-aligned, pinned cells sticky, the last pinned one with an edge. */
export function cellClass(meta: Pick<ColumnMeta, 'numeric'> | undefined, pinned: boolean, edge: boolean): string {
  return `grid-cell${meta?.numeric ? ' num' : ''}${pinned ? ' sticky' : ''}${edge ? ' sticky-edge' : ''}`;
}

/** Called for a click on a row's checkbox (with Shift: a range). */
export type SelectClick = (rowIndex: number, shiftKey: boolean) => void;

export interface RowHandlers {
  onSelectClick: SelectClick;
  /** Shows or hides a parent's nested runs. */
  onToggleExpand?: (runId: string) => void;
}

export function buildColumns(experimentId: string, keyColumns: readonly string[], rows: readonly RunRow[], now: number, handlers: RowHandlers): ColumnDef<RunRow, unknown>[] {
  const { onSelectClick, onToggleExpand } = handlers;
  const fixed: ColumnDef<RunRow, unknown>[] = [
    column(
      'select',
      SELECT_WIDTH,
      {
        sticky: true,
        label: 'Select',
        render: (row, index, selected) => (
          <input
            type="checkbox"
            // The row is the grid's tab stop (arrow keys move between rows), not each checkbox.
            tabIndex={-1}
            aria-label={`Select run ${row.run.info.run_name || row.run.info.run_id}`}
            checked={selected}
            onChange={(e) => onSelectClick(index, (e.nativeEvent as MouseEvent).shiftKey === true)}
          />
        ),
      },
      { enableResizing: false, minSize: SELECT_WIDTH },
    ),
    column('run_name', FIXED_COLUMNS.run_name.width, { sticky: true, label: FIXED_COLUMNS.run_name.label, render: (row) => runName(experimentId, row, onToggleExpand) }),
    column('status', FIXED_COLUMNS.status.width, {
      label: FIXED_COLUMNS.status.label,
      text: (row) => ({ text: row.run.info.status.toLowerCase(), className: `status ${row.run.info.status}` }),
    }),
    column('start_time', FIXED_COLUMNS.start_time.width, { numeric: true, label: FIXED_COLUMNS.start_time.label, text: (row) => ({ text: formatTime(row.run.info.start_time) }) }),
    column('duration', FIXED_COLUMNS.duration.width, {
      numeric: true,
      label: FIXED_COLUMNS.duration.label,
      text: (row) => {
        const info = row.run.info;
        return { text: formatDuration(info.start_time, info.end_time ?? (info.status === 'RUNNING' ? now : undefined)) };
      },
    }),
    column('user_id', FIXED_COLUMNS.user_id.width, { label: FIXED_COLUMNS.user_id.label, ellipsis: true, text: (row) => ({ text: row.run.info.user_id }) }),
  ];
  return [...fixed, ...keyColumns.flatMap((id) => keyColumn(id, rows))];
}

/**
 * The run's name as a plain link (`data-route`: the grid navigates inside the app on a plain click,
 * one listener for every row, where a router Link ran its hooks in each row scrolled into view),
 * with the caret and count of a parent's nested runs.
 */
function runName(experimentId: string, row: RunRow, onToggleExpand: ((runId: string) => void) | undefined): ReactNode {
  const { run_id: runId, run_name: runName } = row.run.info;
  const name = runName || runId.slice(0, 12);
  const link = (
    <a href={`/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`} data-route className="ellipsis" title={runName} tabIndex={-1}>
      {name}
    </a>
  );
  const display = row.display;
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
            onClick={() => onToggleExpand?.(runId)}
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
}

/** Wide enough for its header (kind label + key), within reason. */
function keyColumnWidth(kind: string, key: string): number {
  return Math.min(240, Math.max(KEY_COLUMN_WIDTH, Math.round(7.2 * key.length + 6.5 * (kind.length - 1) + 54)));
}

function keyColumn(id: string, rows: readonly RunRow[]): ColumnDef<RunRow, unknown>[] {
  const parsed = parseKeyColumn(id);
  if (parsed === undefined) return [];
  const { kind, key } = parsed;
  const numeric = kind === 'metrics';
  // One number of decimals per metric column, from the rows loaded, so values align on the point.
  const decimals = numeric ? decimalsFor(rows.map((r) => runValue(r, 'metrics', key) ?? 0)) : undefined;
  const text = (row: RunRow): CellText | undefined => {
    const value = runValue(row, kind, key);
    if (value === undefined) return undefined;
    if (typeof value === 'number') return { text: formatFixed(value, decimals), title: String(value) };
    return { text: value, title: value };
  };
  return [column(id, keyColumnWidth(kind, key), { numeric, kind, label: key, ellipsis: true, text })];
}

// The runs table's columns. Fixed ones come from RunInfo; chosen ones are `metrics.<key>`,
// `params.<key>` or `tags.<key>` (split at the first dot, so keys may contain dots).
import type { Run, RunColumnsWire } from '../../../lib/strata';
import { quoteKey } from './filterLanguage';
import type { RowDisplay } from './grouping';

export { quoteKey };

export type KeyKind = 'metrics' | 'params' | 'tags';
export const KEY_KINDS: readonly KeyKind[] = ['metrics', 'params', 'tags'];

export interface KeyColumn {
  id: string;
  kind: KeyKind;
  key: string;
}

export function keyColumnId(kind: KeyKind, key: string): string {
  return `${kind}.${key}`;
}

export function parseKeyColumn(id: string): KeyColumn | undefined {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) return undefined;
  const kind = id.slice(0, dot);
  if (!(KEY_KINDS as readonly string[]).includes(kind)) return undefined;
  return { id, kind: kind as KeyKind, key: id.slice(dot + 1) };
}

/** Fixed columns: id -> the attribute the server sorts by (undefined: not sortable on the server). */
export const FIXED_COLUMNS = {
  run_name: { label: 'Run name', orderBy: 'attributes.run_name', width: 240 },
  status: { label: 'Status', orderBy: 'attributes.status', width: 104 },
  start_time: { label: 'Started', orderBy: 'attributes.start_time', width: 150 },
  duration: { label: 'Duration', orderBy: undefined, width: 88 },
  user_id: { label: 'User', orderBy: 'attributes.user_id', width: 110 },
} as const;
export type FixedColumnId = keyof typeof FIXED_COLUMNS;

export function isFixedColumn(id: string): id is FixedColumnId {
  return Object.hasOwn(FIXED_COLUMNS, id);
}

/** The order_by expression for a column, or undefined when the server cannot sort by it. */
export function orderByFor(columnId: string, desc: boolean): string | undefined {
  const direction = desc ? 'DESC' : 'ASC';
  if (isFixedColumn(columnId)) {
    const field = FIXED_COLUMNS[columnId].orderBy;
    return field === undefined ? undefined : `${field} ${direction}`;
  }
  const column = parseKeyColumn(columnId);
  return column === undefined ? undefined : `${column.kind}.${quoteKey(column.key)} ${direction}`;
}

/** The projection that fetches the values of the chosen key columns (sorted: order never refetches). */
export function columnsRequest(columnIds: readonly string[]): RunColumnsWire {
  const out: Required<RunColumnsWire> = { params: [], metrics: [], tags: [] };
  for (const id of columnIds) {
    const column = parseKeyColumn(id);
    if (column) out[column.kind].push(column.key);
  }
  for (const kind of KEY_KINDS) out[kind].sort();
  return out;
}

/** A run as the projection returns it: info and the chosen columns' data. */
export type ProjectedRun = Pick<Run, 'info' | 'data'>;

/**
 * A loaded run as the grid keeps it: the wire object itself, no lookup maps. At 100,000 runs three
 * Maps per run were a large part of the page's heap; a cell finds its value by scanning the run's
 * few projected values (only the shown columns' keys are fetched), and only rendered cells do.
 */
export interface RunRow {
  run: ProjectedRun;
  /** Depth, nested-run count, or group header: how the grid draws the row. */
  display?: RowDisplay;
}

export function toRunRow(run: ProjectedRun): RunRow {
  return { run };
}

/** A run's metric (as a number: the wire may spell NaN and infinities as strings), param or tag. */
export function runValue(row: RunRow, kind: 'metrics', key: string): number | undefined;
export function runValue(row: RunRow, kind: KeyKind, key: string): number | string | undefined;
export function runValue(row: RunRow, kind: KeyKind, key: string): number | string | undefined {
  const list: readonly { key: string; value: unknown }[] = row.run.data[kind] ?? [];
  for (const item of list) {
    if (item.key !== key) continue;
    if (kind === 'metrics') return typeof item.value === 'number' ? item.value : Number(item.value);
    return String(item.value);
  }
  return undefined;
}

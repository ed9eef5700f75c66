// The experiment page's view in the URL, so a view is a link: filter, sort, chosen columns (in
// their order), pinned columns, column widths and whether deleted runs are shown. `v` versions the format; unknown or broken values fall back
// to the defaults rather than failing the page.
import { isFixedColumn, parseKeyColumn } from './columns';

export const VIEW_VERSION = '1';

export interface SortSpec {
  column: string;
  desc: boolean;
}

export interface RunsView {
  filter: string;
  sort: SortSpec;
  columns: string[];
  /** Columns pinned to the left after the run name, in pin order (fixed or key columns). */
  pinned: string[];
  /** Widths in px of resized columns. */
  widths: Record<string, number>;
  deleted: boolean;
}

export const MIN_COLUMN_WIDTH = 60;
export const MAX_COLUMN_WIDTH = 800;
const UNPINNABLE = new Set(['select', 'run_name']);

/** `w=140:metrics.loss`: the width first, then the column id (ids may hold any character). */
function parseWidths(values: string[]): Record<string, number> {
  const widths: Record<string, number> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    const px = Number(value.slice(0, colon));
    const id = value.slice(colon + 1);
    if (colon > 0 && Number.isInteger(px) && px >= MIN_COLUMN_WIDTH && px <= MAX_COLUMN_WIDTH && id !== '') widths[id] = px;
  }
  return widths;
}

export const DEFAULT_SORT: SortSpec = { column: 'start_time', desc: true };

export function parseRunsView(params: URLSearchParams): RunsView {
  const sortText = params.get('sort') ?? '';
  const desc = sortText.startsWith('-');
  const sortColumn = desc ? sortText.slice(1) : sortText;
  const sortable = isFixedColumn(sortColumn) || parseKeyColumn(sortColumn) !== undefined;
  const columns = [...new Set(params.getAll('col').filter((id) => parseKeyColumn(id) !== undefined))];
  const shown = new Set(columns);
  const pinned = params.getAll('pin').filter((id) => !UNPINNABLE.has(id) && (isFixedColumn(id) || shown.has(id)));
  return {
    filter: params.get('filter') ?? '',
    sort: sortable ? { column: sortColumn, desc } : DEFAULT_SORT,
    columns,
    pinned: [...new Set(pinned)],
    widths: parseWidths(params.getAll('w')),
    deleted: params.get('deleted') === '1',
  };
}

export function writeRunsView(view: RunsView, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const key of ['v', 'filter', 'sort', 'col', 'pin', 'w', 'deleted']) next.delete(key);
  next.set('v', VIEW_VERSION);
  if (view.filter.trim() !== '') next.set('filter', view.filter);
  const isDefaultSort = view.sort.column === DEFAULT_SORT.column && view.sort.desc === DEFAULT_SORT.desc;
  if (!isDefaultSort) next.set('sort', `${view.sort.desc ? '-' : ''}${view.sort.column}`);
  for (const column of view.columns) next.append('col', column);
  for (const column of view.pinned) next.append('pin', column);
  for (const [column, px] of Object.entries(view.widths)) next.append('w', `${Math.round(px)}:${column}`);
  if (view.deleted) next.set('deleted', '1');
  return next;
}

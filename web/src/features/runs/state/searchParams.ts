// The experiment page's view in the URL, so a view is a link: filter, sort, chosen columns (in
// their order), pinned columns, column widths, whether deleted runs are shown, nested runs under
// their parents (and which are expanded), and grouping by a param or tag (and which groups are open). `v` versions the format; unknown or broken values fall back
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
  /** Nested runs shown under their parent (tag mlflow.parentRunId) instead of as rows of their own. */
  nested: boolean;
  /** Parents whose nested runs are shown (when `nested`). */
  expanded: string[];
  /** Group rows by this param or tag (`params.<key>` or `tags.<key>`), or none. */
  groupBy: string | undefined;
  /** Groups (their values) whose runs are shown. */
  openGroups: string[];
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

/** Only params and tags group (a metric has too many distinct values). */
function parseGroupBy(value: string | null): string | undefined {
  const column = value === null ? undefined : parseKeyColumn(value);
  return column !== undefined && column.kind !== 'metrics' ? column.id : undefined;
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
    nested: params.get('nested') === '1',
    expanded: [...new Set(params.getAll('open'))],
    groupBy: parseGroupBy(params.get('group')),
    openGroups: [...new Set(params.getAll('og'))],
  };
}

export function writeRunsView(view: RunsView, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const key of ['v', 'filter', 'sort', 'col', 'pin', 'w', 'deleted', 'nested', 'open', 'group', 'og']) next.delete(key);
  next.set('v', VIEW_VERSION);
  if (view.filter.trim() !== '') next.set('filter', view.filter);
  const isDefaultSort = view.sort.column === DEFAULT_SORT.column && view.sort.desc === DEFAULT_SORT.desc;
  if (!isDefaultSort) next.set('sort', `${view.sort.desc ? '-' : ''}${view.sort.column}`);
  for (const column of view.columns) next.append('col', column);
  for (const column of view.pinned) next.append('pin', column);
  for (const [column, px] of Object.entries(view.widths)) next.append('w', `${Math.round(px)}:${column}`);
  if (view.deleted) next.set('deleted', '1');
  if (view.nested) next.set('nested', '1');
  if (view.nested) for (const runId of view.expanded) next.append('open', runId);
  if (view.groupBy !== undefined) next.set('group', view.groupBy);
  if (view.groupBy !== undefined) for (const value of view.openGroups) next.append('og', value);
  return next;
}

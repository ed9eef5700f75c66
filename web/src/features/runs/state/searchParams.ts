// The experiment page's view in the URL, so a view is a link: filter, sort, chosen columns and
// whether deleted runs are shown. `v` versions the format; unknown or broken values fall back
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
  deleted: boolean;
}

export const DEFAULT_SORT: SortSpec = { column: 'start_time', desc: true };

export function parseRunsView(params: URLSearchParams): RunsView {
  const sortText = params.get('sort') ?? '';
  const desc = sortText.startsWith('-');
  const sortColumn = desc ? sortText.slice(1) : sortText;
  const sortable = isFixedColumn(sortColumn) || parseKeyColumn(sortColumn) !== undefined;
  const columns = params.getAll('col').filter((id) => parseKeyColumn(id) !== undefined);
  return {
    filter: params.get('filter') ?? '',
    sort: sortable ? { column: sortColumn, desc } : DEFAULT_SORT,
    columns: [...new Set(columns)],
    deleted: params.get('deleted') === '1',
  };
}

export function writeRunsView(view: RunsView, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const key of ['v', 'filter', 'sort', 'col', 'deleted']) next.delete(key);
  next.set('v', VIEW_VERSION);
  if (view.filter.trim() !== '') next.set('filter', view.filter);
  const isDefaultSort = view.sort.column === DEFAULT_SORT.column && view.sort.desc === DEFAULT_SORT.desc;
  if (!isDefaultSort) next.set('sort', `${view.sort.desc ? '-' : ''}${view.sort.column}`);
  for (const column of view.columns) next.append('col', column);
  if (view.deleted) next.set('deleted', '1');
  return next;
}

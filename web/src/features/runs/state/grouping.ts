// Nested runs and groups as filters the server understands: the table's own filter AND a clause
// (top-level runs only, one parent's children, one group's value).
import { quoteFilterString } from '../../../lib/strata';
import { parseKeyColumn, quoteKey } from './columns';

export const PARENT_TAG = 'mlflow.parentRunId';
export const TOP_LEVEL_CLAUSE = `tags.${PARENT_TAG} IS NULL`;

/** The user's filter in parentheses (its OR must not swallow the clause), then the clause. */
export function andFilter(filter: string, clause: string): string {
  return filter.trim() === '' ? clause : `(${filter}) AND ${clause}`;
}

/** How far andFilter moved the user's text to the right: the server's error positions shift by it. */
export function filterShift(filter: string, clause: string | undefined): number {
  return clause === undefined || filter.trim() === '' ? 0 : 1;
}

export function childrenClause(parentRunId: string): string {
  return `tags.${PARENT_TAG} = ${quoteFilterString(parentRunId)}`;
}

/** A group's runs: the param or tag equals the value, or lacks the key (value null). */
export function groupClause(groupBy: string, value: string | null): string {
  const column = parseKeyColumn(groupBy);
  if (column === undefined) return '';
  const field = `${column.kind}.${quoteKey(column.key)}`;
  return value === null ? `${field} IS NULL` : `${field} = ${quoteFilterString(value)}`;
}

/** What marks a row that is not a plain top-level run. */
export interface RowDisplay {
  depth: 0 | 1;
  /** Nested runs of a parent (undefined: not counted yet). */
  childCount?: number;
  expanded?: boolean;
  /** A group header instead of a run. */
  group?: { value: string | null; count: number; label: string };
}

/**
 * SQL for one comparison against a column expression. Values are always bound
 * parameters; operators come from the AST's closed unions, never from user text.
 */
import { sql, type RawBuilder } from 'kysely';
import type { InList, NumericComparator, StringComparator } from '../../core/search/ast.js';

type Column = RawBuilder<unknown>;

const NUMERIC_SQL: Record<NumericComparator, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function numericPredicate(column: Column, op: NumericComparator, value: number): RawBuilder<boolean> {
  return sql<boolean>`${column} ${sql.raw(NUMERIC_SQL[op])} ${value}`;
}

/**
 * LIKE is case-sensitive on both databases (SQLite runs with case_sensitive_like),
 * and ILIKE is spelled with lower() so the same SQL works on both.
 */
export function stringPredicate(column: Column, op: StringComparator, value: string): RawBuilder<boolean> {
  switch (op) {
    case '=':
      return sql<boolean>`${column} = ${value}`;
    case '!=':
      return sql<boolean>`${column} <> ${value}`;
    case 'LIKE':
      return sql<boolean>`${column} LIKE ${value}`;
    case 'ILIKE':
      return sql<boolean>`lower(${column}) LIKE lower(${value})`;
  }
}

export function inPredicate(column: Column, expr: InList): RawBuilder<boolean> {
  const list = sql.join(expr.values.map((v) => sql`${v}`));
  return expr.negated ? sql<boolean>`${column} NOT IN (${list})` : sql<boolean>`${column} IN (${list})`;
}

/** The predicate a comparison node puts on `column`; null checks are handled by the callers. */
export function valuePredicate(
  column: Column,
  expr: { type: 'numeric'; op: NumericComparator; value: number } | { type: 'string'; op: StringComparator; value: string } | InList,
): RawBuilder<boolean> {
  if (expr.type === 'numeric') return numericPredicate(column, expr.op, expr.value);
  if (expr.type === 'string') return stringPredicate(column, expr.op, expr.value);
  return inPredicate(column, expr);
}

export function joinBoolean(parts: RawBuilder<boolean>[], op: 'AND' | 'OR'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(parts, sql.raw(` ${op} `))})`;
}

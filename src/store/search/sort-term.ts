/**
 * Keyset ordering. A search orders by a list of terms, each a SQL expression with
 * a direction; the last terms are unique per row so the order is total. The page
 * after a row is "every row that sorts after it", an OR-chain over the terms.
 */
import { sql, type RawBuilder } from 'kysely';

export type SortValue = string | number | null;

export interface SortTerm {
  expr: RawBuilder<unknown>;
  ascending: boolean;
  type: 'string' | 'number';
  /**
   * NULL only where an earlier rank term is non-zero (a missing or NaN value), so
   * rows that tie on every earlier term are either all NULL here or none are.
   */
  nullable: boolean;
  /**
   * The term is an indexed column the query reads in order (metric-driven-plan.ts): a page
   * token then also becomes a range on it, so the next page starts with an index seek.
   */
  seekable?: boolean;
}

export function orderByList(terms: SortTerm[]): RawBuilder<unknown> {
  return sql.join(terms.map((t) => sql`${t.expr} ${sql.raw(t.ascending ? 'ASC' : 'DESC')}`));
}

/** SELECT list entries k0, k1… so the last row's values can become the next page token. */
export function selectTerms(terms: SortTerm[]): RawBuilder<unknown> {
  return sql.join(terms.map((t, i) => sql`${t.expr} AS ${sql.raw(`k${i}`)}`));
}

/**
 * Rows strictly after `after` in the order of `terms`:
 *   (t0 > v0) OR (t0 = v0 AND t1 > v1) OR … (with < for descending terms).
 * A NULL in `after` (see SortTerm.nullable) equals every row that got this far and
 * is greater than none, so it drops out of both the comparisons and the prefix.
 */
export function keysetPredicate(terms: SortTerm[], after: SortValue[]): RawBuilder<boolean> {
  const disjuncts: RawBuilder<unknown>[] = [];
  const prefix: RawBuilder<unknown>[] = [];
  terms.forEach((term, i) => {
    const value = after[i];
    if (value === null || value === undefined) return;
    const op = sql.raw(term.ascending ? '>' : '<');
    disjuncts.push(sql.join([...prefix, sql`${term.expr} ${op} ${value}`], sql` AND `));
    prefix.push(sql`${term.expr} = ${value}`);
  });
  if (disjuncts.length === 0) return sql<boolean>`1 = 0`;
  const chain = sql<boolean>`(${sql.join(disjuncts.map((d) => sql`(${d})`), sql` OR `)})`;
  // Every row after the token is at or past it on the first term: a plain range an index
  // can seek to. COALESCE hides the OR-chain from SQLite's OR-by-union planning, which would
  // otherwise read the chain's branches separately and sort the union (1 s instead of 30 ms).
  // Only for a seekable term: on the general plan's computed terms it costs time.
  const first = terms[0];
  const firstValue = after[0];
  if (!first?.seekable || first.nullable || firstValue === null || firstValue === undefined) return chain;
  const range = sql<boolean>`${first.expr} ${sql.raw(first.ascending ? '>=' : '<=')} ${firstValue}`;
  return sql<boolean>`(${range} AND COALESCE(${chain}, FALSE))`;
}

/**
 * The runs table's sort by a column: ORDER BY one metric, param or tag in one experiment,
 * with no filter on that metric (metric-driven-plan.ts takes those). The general plan joins
 * every run of the experiment to its value and sorts them all (100,000 runs on SQLite: ~2 s
 * by a metric, seconds by a param).
 *
 * MLflow's order puts the runs with a value first (rank 0), then, for a metric, NaN (1), then
 * missing. So a page is read in two parts, each stopping after the page:
 *  1. the runs with a value, from an index of the experiment's values of that key in the order
 *     asked, the rest of the filter tested per row: latest_metrics_experiment_key_value_idx
 *     (migration 5) for a metric; (params|run_tags)_sort_idx (migration 20), which also holds
 *     the tie-breakers, start_time DESC and run id, for a param or tag (read backwards for a
 *     descending sort, which then sorts each run of equal values). It holds only values of at
 *     most SORTABLE_VALUE_BYTES (PostgreSQL's entry size limit): a key with a longer value in
 *     the experiment (rare: a path, a JSON blob) is sorted by the general plan;
 *  2. only when that part ends within the page: the NaN and missing runs, by the general plan
 *     restricted to rank ≠ 0 (they are usually none, or few).
 * Rows, order and page tokens are the general plan's: a part-1 row carries rank 0, the constant
 * the general plan would compute for it, and a token of either part resumes in the right part.
 */
import { sql, type Kysely } from 'kysely';
import type { RunSearchQuery } from '../../core/ports/metadata-store.js';
import { SORTABLE_VALUE_BYTES, type Database } from '../schema.js';
import { keysetPageSql, type KeysetQuery } from './keyset-page.js';
import { findMetricDrivenPlan, metricDrivenConditions, metricDrivenFrom } from './metric-driven-plan.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { compileRunOrder, type DrivingKey } from './run-order-sql.js';
import type { SortValue } from './sort-term.js';

type Row = Record<string, unknown>;

export interface KeyOrderedPlan {
  experimentId: number;
  key: DrivingKey;
}

// Written out as the partial indexes' predicates are (migration 20): SQLite and PostgreSQL use a
// partial index only for a query whose WHERE contains its predicate, not a bound or negated form.
const SHORT_VALUE = sql.raw(`octet_length(o0.value) <= ${SORTABLE_VALUE_BYTES}`);
const LONG_VALUE = sql.raw(`octet_length(o0.value) > ${SORTABLE_VALUE_BYTES}`);

/**
 * The experiment and key a key-ordered page applies to, or undefined (then runSearchQuery's plan
 * is used alone).
 */
export async function keyOrderedPlan(db: Kysely<Database>, query: RunSearchQuery, experimentIds: number[]): Promise<KeyOrderedPlan | undefined> {
  const first = query.orderBy[0]?.entity;
  const experimentId = experimentIds[0];
  if (experimentIds.length !== 1 || experimentId === undefined || first === undefined) return undefined;
  if (first.kind === 'metric') return findMetricDrivenPlan(query.filter, query.orderBy, experimentIds) ? undefined : { experimentId, key: 'metric' };
  if (first.kind !== 'param' && first.kind !== 'tag') return undefined;
  // One probe of the partial long-value index; it holds nothing for nearly every key.
  const table = sql.table(first.kind === 'param' ? 'params' : 'run_tags');
  const long = await sql`SELECT 1 AS found FROM ${table} o0 WHERE o0.experiment_id = ${experimentId} AND o0.key = ${first.key} AND ${LONG_VALUE} LIMIT 1`.execute(db);
  return long.rows.length > 0 ? undefined : { experimentId, key: first.kind };
}

export async function fetchKeyOrderedPage(
  db: Kysely<Database>,
  query: RunSearchQuery,
  plan: KeyOrderedPlan,
  general: KeysetQuery,
): Promise<{ ids: unknown[]; nextPageToken?: string }> {
  const limit = Math.max(0, Math.floor(general.maxResults));
  const after = general.pageToken ? decodePageToken(general.pageToken, general.terms) : undefined;
  const rows: SortValue[][] = [];
  const ids: unknown[] = [];
  const take = (found: Row[], toValues: (row: Row) => SortValue[]) => {
    for (const row of found) {
      ids.push(row.id);
      rows.push(toValues(row));
    }
  };
  if (after === undefined || after[0] === 0) {
    const values = valuesPart(query, plan, general, after?.slice(1));
    const found = (await keysetPageSql(values).execute(db)).rows;
    take(found, (row) => [0, ...values.terms.map((_, i) => row[`k${i}`] as SortValue)]);
  }
  if (rows.length <= limit) {
    // Past every value: a token from part 1 resumes at the first NaN or missing run.
    const resume = after !== undefined && after[0] !== 0 ? general.pageToken : undefined;
    const rest = { ...general, where: [...general.where, sql<boolean>`${general.terms[0]!.expr} <> 0`], maxResults: limit - rows.length, pageToken: resume };
    take((await keysetPageSql(rest).execute(db)).rows, (row) => general.terms.map((_, i) => row[`k${i}`] as SortValue));
  }
  if (rows.length <= limit) return { ids };
  return { ids: ids.slice(0, limit), nextPageToken: encodePageToken(rows[limit - 1]!) };
}

/**
 * Part 1: the runs with a value for the key, read from its index in order. The general
 * plan's conditions (experiment, lifecycle, filter) refer to `r` only, so they apply as they are.
 */
function valuesPart(query: RunSearchQuery, plan: KeyOrderedPlan, general: KeysetQuery, after: SortValue[] | undefined): KeysetQuery {
  const key = query.orderBy[0]!.entity.key;
  const order = compileRunOrder(query.orderBy, { drivenBy: plan.key });
  const driving = plan.key === 'metric'
    ? { from: metricDrivenFrom(order.joins), where: metricDrivenConditions({ experimentId: plan.experimentId, key, bounds: [] }) }
    : {
      // CROSS JOIN fixes the join order on SQLite: the index first, then the run.
      from: sql`FROM ${sql.table(plan.key === 'param' ? 'params' : 'run_tags')} o0 CROSS JOIN runs r ${sql.join(order.joins, sql` `)}`,
      where: [sql<boolean>`o0.experiment_id = ${plan.experimentId}`, sql<boolean>`o0.key = ${key}`, sql<boolean>`${SHORT_VALUE}`, sql<boolean>`r.run_uuid = o0.run_uuid`],
    };
  return {
    id: general.id,
    from: driving.from,
    where: [...driving.where, ...general.where],
    terms: order.terms,
    maxResults: general.maxResults,
    pageToken: after ? encodePageToken(after) : undefined,
  };
}

/**
 * The runs table's sort by a metric column: ORDER BY one metric in one experiment, with no
 * filter on that metric (metric-driven-plan.ts takes those). The general plan joins every
 * run of the experiment to its value and sorts them all (100,000 runs: ~2 s on SQLite).
 *
 * MLflow's order puts the runs with a number first (rank 0), then NaN (1), then missing (2).
 * So a page is read in two parts, each stopping after the page:
 *  1. the runs with a number, from latest_metrics_experiment_key_value_idx in the order asked
 *     (the metric-driven plan without bounds), the rest of the filter tested per row;
 *  2. only when that part ends within the page: the NaN and missing runs, by the general plan
 *     restricted to rank ≠ 0 (they are usually none, or few).
 * Rows, order and page tokens are the general plan's: a part-1 row carries rank 0, the constant
 * the general plan would compute for it, and a token of either part resumes in the right part.
 */
import { sql, type Kysely } from 'kysely';
import type { RunSearchQuery } from '../../core/ports/metadata-store.js';
import type { Database } from '../schema.js';
import { keysetPageSql, type KeysetQuery } from './keyset-page.js';
import { findMetricDrivenPlan, metricDrivenConditions, metricDrivenFrom } from './metric-driven-plan.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { compileRunOrder } from './run-order-sql.js';
import type { SortValue } from './sort-term.js';

type Row = Record<string, unknown>;

/** The experiment a metric-ordered page applies to, or undefined (then runSearchQuery's plan is used alone). */
export function metricOrderedExperiment(query: RunSearchQuery, experimentIds: number[]): number | undefined {
  if (experimentIds.length !== 1 || query.orderBy[0]?.entity.kind !== 'metric') return undefined;
  if (findMetricDrivenPlan(query.filter, query.orderBy, experimentIds)) return undefined;
  return experimentIds[0];
}

export async function fetchMetricOrderedPage(
  db: Kysely<Database>,
  query: RunSearchQuery,
  experimentId: number,
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
    const numbers = numbersPart(query, experimentId, general, after?.slice(1));
    const found = (await keysetPageSql(numbers).execute(db)).rows;
    take(found, (row) => [0, ...numbers.terms.map((_, i) => row[`k${i}`] as SortValue)]);
  }
  if (rows.length <= limit) {
    // Past every number: a token from part 1 resumes at the first NaN or missing run.
    const resume = after !== undefined && after[0] !== 0 ? general.pageToken : undefined;
    const rest = { ...general, where: [...general.where, sql<boolean>`${general.terms[0]!.expr} <> 0`], maxResults: limit - rows.length, pageToken: resume };
    take((await keysetPageSql(rest).execute(db)).rows, (row) => general.terms.map((_, i) => row[`k${i}`] as SortValue));
  }
  if (rows.length <= limit) return { ids };
  return { ids: ids.slice(0, limit), nextPageToken: encodePageToken(rows[limit - 1]!) };
}

/**
 * Part 1: the runs with a number for the metric, read from its index in order. The general
 * plan's conditions (experiment, lifecycle, filter) refer to `r` only, so they apply as they are.
 */
function numbersPart(query: RunSearchQuery, experimentId: number, general: KeysetQuery, after: SortValue[] | undefined): KeysetQuery {
  const key = query.orderBy[0]!.entity.key;
  const order = compileRunOrder(query.orderBy, { firstKeyDriven: true });
  return {
    id: general.id,
    from: metricDrivenFrom(order.joins),
    where: [...metricDrivenConditions({ experimentId, key, bounds: [] }), ...general.where],
    terms: order.terms,
    maxResults: general.maxResults,
    pageToken: after ? encodePageToken(after) : undefined,
  };
}

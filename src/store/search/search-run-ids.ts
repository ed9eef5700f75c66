import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ViewType } from '../../core/entities.js';
import type { RunSearchQuery } from '../../core/ports/metadata-store.js';
import type { Database } from '../schema.js';
import { fetchKeysetPage, type KeysetQuery } from './keyset-page.js';
import { compileRunFilter } from './run-filter-sql.js';
import { findMetricDrivenPlan, metricDrivenConditions, metricDrivenFrom, residualFilter } from './metric-driven-plan.js';
import { fetchKeyOrderedPage, keyOrderedPlan } from './key-ordered-page.js';
import { compileRunOrder } from './run-order-sql.js';
import { detectSearchDialect, type SearchDialect } from './search-dialect.js';

/**
 * The ids of one page of runs matching the query, in order. The store loads the
 * full runs for these ids afterwards.
 */
export async function searchRunIds(
  db: Kysely<Database>,
  query: RunSearchQuery,
  dialect: SearchDialect = detectSearchDialect(db),
): Promise<{ runIds: string[]; nextPageToken?: string }> {
  const keyset = runSearchQuery(query, dialect);
  if (!keyset) return { runIds: [] };
  const plan = await keyOrderedPlan(db, query, numericIds(query.experimentIds));
  const page = plan === undefined ? await fetchKeysetPage(db, keyset) : await fetchKeyOrderedPage(db, query, plan, keyset);
  return { runIds: page.ids.map(String), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
}

/** The query searchRunIds runs; undefined when nothing can match. */
export function runSearchQuery(query: RunSearchQuery, dialect: SearchDialect): KeysetQuery | undefined {
  const experimentIds = numericIds(query.experimentIds);
  if (experimentIds.length === 0 || query.maxResults <= 0) return undefined;
  const where: RawBuilder<boolean>[] = [sql<boolean>`r.experiment_id IN (${sql.join(experimentIds)})`];
  const stage = lifecycleCondition(sql`r.lifecycle_stage`, query.viewType);
  if (stage) where.push(stage);
  const driven = findMetricDrivenPlan(query.filter, query.orderBy, experimentIds);
  const filter = driven && query.filter ? residualFilter(query.filter, driven) : query.filter;
  if (filter) where.push(compileRunFilter(filter, dialect));
  const order = compileRunOrder(query.orderBy, { firstKeyDriven: driven !== undefined });
  if (driven) where.unshift(...metricDrivenConditions(driven));
  return {
    id: sql`r.run_uuid`,
    from: driven ? metricDrivenFrom(order.joins) : sql`FROM runs r ${sql.join(order.joins, sql` `)}`,
    where,
    terms: order.terms,
    maxResults: query.maxResults,
    pageToken: query.pageToken,
  };
}

/** Experiment ids are strings in the domain and integers in the database; a non-numeric id matches nothing. */
export function numericIds(ids: string[]): number[] {
  return ids.filter((id) => /^\d+$/.test(id)).map(Number);
}

export function lifecycleCondition(column: RawBuilder<unknown>, viewType: ViewType): RawBuilder<boolean> | undefined {
  if (viewType === 'ALL') return undefined;
  return sql<boolean>`${column} = ${viewType === 'ACTIVE_ONLY' ? 'active' : 'deleted'}`;
}

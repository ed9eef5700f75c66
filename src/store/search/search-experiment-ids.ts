import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ExperimentSearchQuery } from '../../core/ports/metadata-store.js';
import type { Database } from '../schema.js';
import { compileExperimentFilter, compileExperimentOrder } from './experiment-search-sql.js';
import { fetchKeysetPage } from './keyset-page.js';
import { lifecycleCondition } from './search-run-ids.js';

/** The ids of one page of experiments matching the query, in order. */
export async function searchExperimentIds(
  db: Kysely<Database>,
  query: ExperimentSearchQuery,
): Promise<{ experimentIds: string[]; nextPageToken?: string }> {
  if (query.maxResults <= 0) return { experimentIds: [] };
  const where: RawBuilder<boolean>[] = [];
  const stage = lifecycleCondition(sql`e.lifecycle_stage`, query.viewType);
  if (stage) where.push(stage);
  if (query.filter) where.push(compileExperimentFilter(query.filter));
  if (query.onlyIds !== undefined) {
    // Ids that are not numbers name no experiment.
    const keys = query.onlyIds.map(Number).filter((key) => Number.isSafeInteger(key) && key >= 0);
    if (keys.length === 0) return { experimentIds: [] };
    where.push(sql<boolean>`e.experiment_id IN (${sql.join(keys)})`);
  }
  const page = await fetchKeysetPage(db, {
    id: sql`e.experiment_id`,
    from: sql`FROM experiments e`,
    where,
    terms: compileExperimentOrder(query.orderBy),
    maxResults: query.maxResults,
    pageToken: query.pageToken,
  });
  return { experimentIds: page.ids.map(String), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
}

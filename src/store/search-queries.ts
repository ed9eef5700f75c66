/**
 * Search = ids from the search compiler (src/store/search), then whole entities
 * hydrated in batches, in the order the compiler returned them.
 */
import type { Kysely } from 'kysely';
import type { Experiment, Page, Run } from '../core/entities.js';
import type { ExperimentSearchQuery, RunSearchQuery } from '../core/ports/metadata-store.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { loadExperiments } from './experiment-queries.js';
import { loadRuns } from './load-runs.js';
import type { Database } from './schema.js';
import { searchExperimentIds, searchRunIds } from './search/index.js';

type Db = Kysely<Database>;

export async function searchRuns(db: Db, quirks: DialectQuirks, query: RunSearchQuery): Promise<Page<Run>> {
  const { runIds, nextPageToken } = await searchRunIds(db, query);
  const items = await loadRuns(db, quirks, runIds);
  return { items, ...(nextPageToken ? { nextPageToken } : {}) };
}

export async function searchExperiments(db: Db, query: ExperimentSearchQuery): Promise<Page<Experiment>> {
  const { experimentIds, nextPageToken } = await searchExperimentIds(db, query);
  const items = await loadExperiments(db, experimentIds.map(Number));
  return { items, ...(nextPageToken ? { nextPageToken } : {}) };
}

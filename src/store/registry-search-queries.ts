/** Registry search = ids of one keyset page, then whole entities hydrated in that order. */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Page } from '../core/entities.js';
import type { RegistrySearchQuery } from '../core/ports/registry-repository.js';
import type { ModelVersion, RegisteredModel } from '../core/registry-entities.js';
import { loadModelVersions, loadRegisteredModels } from './load-registry.js';
import { compileRegistryFilter, compileRegistryOrder, MODEL_TARGET, VERSION_TARGET, type RegistrySearchTarget } from './registry-search-sql.js';
import type { Database } from './schema.js';
import { fetchKeysetPage } from './search/keyset-page.js';

type Db = Kysely<Database>;

async function searchIds(
  db: Db,
  query: RegistrySearchQuery,
  target: RegistrySearchTarget,
  id: RawBuilder<unknown>,
  from: RawBuilder<unknown>,
): Promise<{ ids: number[]; nextPageToken?: string }> {
  if (query.maxResults <= 0) return { ids: [] };
  const where = query.filter ? [compileRegistryFilter(query.filter, target)] : [];
  if (query.onlyNames !== undefined) {
    if (query.onlyNames.length === 0) return { ids: [] };
    // Both targets join the model as `m`.
    where.push(sql<boolean>`m.name IN (${sql.join([...query.onlyNames])})`);
  }
  const page = await fetchKeysetPage(db, {
    id,
    from,
    where,
    terms: compileRegistryOrder(query.orderBy, target),
    maxResults: query.maxResults,
    pageToken: query.pageToken,
  });
  return { ids: page.ids.map(Number), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
}

export async function searchRegisteredModels(db: Db, query: RegistrySearchQuery): Promise<Page<RegisteredModel>> {
  const { ids, nextPageToken } = await searchIds(db, query, MODEL_TARGET, sql`m.model_id`, sql`FROM registered_models m`);
  const items = await loadRegisteredModels(db, ids);
  return { items, ...(nextPageToken ? { nextPageToken } : {}) };
}

export async function searchModelVersions(db: Db, query: RegistrySearchQuery): Promise<Page<ModelVersion>> {
  const from = sql`FROM model_versions v JOIN registered_models m ON m.model_id = v.model_id`;
  const { ids, nextPageToken } = await searchIds(db, query, VERSION_TARGET, sql`v.version_id`, from);
  const items = await loadModelVersions(db, ids);
  return { items, ...(nextPageToken ? { nextPageToken } : {}) };
}

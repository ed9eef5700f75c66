/**
 * Registered datasets (the dataset registry's named entries). Listing pages by name
 * with an opaque keyset token.
 */
import type { Kysely, Selectable } from 'kysely';
import type { RegisteredDataset } from '../core/dataset-registry-entities.js';
import type { Page } from '../core/entities.js';
import type { NewRegisteredDataset, RegisteredDatasetQuery } from '../core/ports/dataset-registry-repository.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { Database, RegistryDatasetsTable } from './schema.js';

type Db = Kysely<Database>;

export const datasetLockKey = (name: string): string => `strata.registry_dataset:${name}`;

function toRegisteredDataset(row: Selectable<RegistryDatasetsTable>): RegisteredDataset {
  return {
    name: row.name,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    latestVersion: row.last_version,
  };
}

export async function insertRegisteredDataset(db: Db, input: NewRegisteredDataset): Promise<void> {
  await db
    .insertInto('registry_datasets')
    .values({
      name: input.name,
      description: input.description,
      created_by: input.createdBy,
      created_at: input.createdAt,
      updated_at: input.createdAt,
      last_version: 0,
    })
    .execute();
}

export async function findRegisteredDataset(db: Db, name: string): Promise<RegisteredDataset | undefined> {
  const row = await db.selectFrom('registry_datasets').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toRegisteredDataset(row);
}

export async function updateDescription(db: Db, name: string, description: string | null, time: number): Promise<void> {
  await db.updateTable('registry_datasets').set({ description, updated_at: time }).where('name', '=', name).execute();
}

const isNamePosition = (value: unknown): value is { name: string } =>
  typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';

export async function listRegisteredDatasets(db: Db, query: RegisteredDatasetQuery): Promise<Page<RegisteredDataset>> {
  const after = query.pageToken ? decodePageToken(query.pageToken, isNamePosition).name : undefined;
  let select = db.selectFrom('registry_datasets').selectAll().orderBy('name').limit(query.maxResults + 1);
  if (after !== undefined) select = select.where('name', '>', after);
  if (query.onlyNames !== undefined) {
    if (query.onlyNames.length === 0) return { items: [] };
    select = select.where('name', 'in', [...query.onlyNames]);
  }
  const rows = await select.execute();
  const items = rows.slice(0, query.maxResults).map(toRegisteredDataset);
  const last = items.at(-1);
  return rows.length > query.maxResults && last ? { items, nextPageToken: encodePageToken({ name: last.name }) } : { items };
}

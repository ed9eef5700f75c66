/**
 * The dataset registry: named datasets with numbered versions, each version a content
 * digest (a `strata data` pointer's hash) with its size, file count and source. A digest
 * appears at most once per dataset: registering it again finds the existing version.
 * Runs are linked through the tracking tables (datasets.digest), so nothing here
 * references runs.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

async function createDatasets(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('registry_datasets')
    .addColumn('dataset_id', quirks.serialType, quirks.serialColumn)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

async function createDatasetVersions(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('registry_dataset_versions')
    .addColumn('dataset_id', 'bigint', (c) => c.notNull().references('registry_datasets.dataset_id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('file_count', 'bigint', (c) => c.notNull())
    .addColumn('source_uri', 'text', (c) => c.notNull())
    .addColumn('schema', 'text')
    .addColumn('profile', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('registry_dataset_versions_pk', ['dataset_id', 'version'])
    .addUniqueConstraint('registry_dataset_versions_digest_uq', ['dataset_id', 'digest'])
    .execute();
  // by-digest lookups across datasets.
  await db.schema.createIndex('registry_dataset_versions_digest_idx').on('registry_dataset_versions').column('digest').execute();
}

export const datasetRegistry: Migration = {
  version: 3,
  name: 'dataset_registry',
  async up(db, context) {
    await createDatasets(db, context);
    await createDatasetVersions(db);
  },
};

/**
 * The model registry: registered models and versions with their tags, aliases, and the
 * registry history (alias sets/moves/deletes and stage transitions). Registered models
 * get a surrogate id so renaming one is a single-row update; versions get one so tags
 * reference a single column and search pages over one id.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

async function createRegisteredModels(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('registered_models')
    .addColumn('model_id', quirks.serialType, quirks.serialColumn)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('last_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('registered_model_tags')
    .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.model_id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_tags_pk', ['model_id', 'key'])
    .execute();
  await db.schema.createIndex('registered_model_tags_key_value_idx').on('registered_model_tags').columns(['key', 'value']).execute();
}

async function createModelVersions(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('model_versions')
    .addColumn('version_id', quirks.serialType, quirks.serialColumn)
    .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.model_id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('current_stage', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('run_link', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_message', 'text')
    .addColumn('storage_location', 'text', (c) => c.notNull())
    .addUniqueConstraint('model_versions_model_version_uq', ['model_id', 'version'])
    .execute();
  // Version search filters on run_id; lineage asks "which versions came from run X".
  await db.schema.createIndex('model_versions_run_id_idx').on('model_versions').column('run_id').execute();
  // Latest version per stage (get-latest-versions, models:/name/Production).
  await db.schema
    .createIndex('model_versions_stage_idx')
    .on('model_versions')
    .columns(['model_id', 'current_stage', 'version'])
    .execute();
  await db.schema
    .createTable('model_version_tags')
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('model_versions.version_id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_tags_pk', ['version_id', 'key'])
    .execute();
  await db.schema.createIndex('model_version_tags_key_value_idx').on('model_version_tags').columns(['key', 'value']).execute();
}

async function createAliasesAndHistory(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('registered_model_aliases')
    .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.model_id'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_aliases_pk', ['model_id', 'alias'])
    .execute();
  await db.schema
    .createTable('registry_history')
    .addColumn('event_id', quirks.serialType, quirks.serialColumn)
    .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.model_id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('alias', 'text')
    .addColumn('stage', 'text')
    .addColumn('previous_version', 'integer')
    .addColumn('previous_stage', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  // "Which version held alias X at time T" is one descending probe of this index.
  await db.schema
    .createIndex('registry_history_alias_time_idx')
    .on('registry_history')
    .columns(['model_id', 'alias', 'time', 'event_id'])
    .execute();
  await db.schema.createIndex('registry_history_model_time_idx').on('registry_history').columns(['model_id', 'time']).execute();
}

export const modelRegistry: Migration = {
  version: 2,
  name: 'model_registry',
  async up(db, context) {
    await createRegisteredModels(db, context);
    await createModelVersions(db, context);
    await createAliasesAndHistory(db, context);
  },
};

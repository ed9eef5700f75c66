/**
 * The initial schema: experiments, runs and their data, dataset inputs, audit log,
 * and the "Default" experiment with id 0 (MLflow creates it the same way).
 * Types are portable: BIGINT for ms times and steps, DOUBLE PRECISION for metric
 * values (REAL affinity in SQLite), TEXT for strings.
 *
 * Every index costs a page write per commit that touches its table, so only indexes
 * some query uses exist. Tags, params and metrics are read through their primary key
 * (a run's data, and search's correlated EXISTS / LEFT JOIN on (run_uuid, key)), and
 * keyed by it alone on SQLite (quirks.naturalKeyTable).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

async function createExperiments(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('experiments')
    .addColumn('experiment_id', quirks.serialType, quirks.serialColumn)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('artifact_location', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .addColumn('deleted_time', 'bigint')
    .execute();
  await db.schema
    .createTable('experiment_tags')
    .addColumn('experiment_id', 'bigint', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key'])
    .$call(quirks.naturalKeyTable)
    .execute();
  // Experiment search filters on tags.<key> = value.
  await db.schema.createIndex('experiment_tags_key_value_idx').on('experiment_tags').columns(['key', 'value']).execute();
}

async function createRuns(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  // seq is the primary key because SQLite only auto-increments a primary key;
  // run_uuid is the public id, unique, and what the child tables reference.
  await db.schema
    .createTable('runs')
    .addColumn('seq', quirks.serialType, quirks.appendOnlySerialColumn)
    .addColumn('run_uuid', 'text', (c) => c.notNull().unique())
    .addColumn('experiment_id', 'bigint', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint')
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('artifact_uri', 'text', (c) => c.notNull())
    .addColumn('deleted_time', 'bigint')
    .execute();
  await db.schema
    .createIndex('runs_experiment_stage_start_idx')
    .on('runs')
    .columns(['experiment_id', 'lifecycle_stage', 'start_time'])
    .execute();
}

/** run_tags and params share a shape: PK (run_uuid, key). */
async function createKeyValueTable(db: Kysely<Database>, { quirks }: MigrationContext, table: 'run_tags' | 'params'): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('run_uuid', 'text', (c) => c.notNull().references('runs.run_uuid'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['run_uuid', 'key'])
    .$call(quirks.naturalKeyTable)
    .execute();
}

async function createRunTagsAndParams(db: Kysely<Database>, context: MigrationContext): Promise<void> {
  await createKeyValueTable(db, context, 'run_tags');
  // Lineage finds runs by tag value (the git commit a run was logged from).
  await db.schema.createIndex('run_tags_key_value_idx').on('run_tags').columns(['key', 'value']).execute();
  await createKeyValueTable(db, context, 'params');
}

async function createMetrics(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  // The primary key doubles as the history index: (run, key) then step order. It holds
  // every column, so on SQLite the table is that index alone instead of a second copy.
  await db.schema
    .createTable('metrics')
    .addColumn('run_uuid', 'text', (c) => c.notNull().references('runs.run_uuid'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('is_nan', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metrics_pk', ['run_uuid', 'key', 'step', 'timestamp', 'value', 'is_nan'])
    .$call(quirks.naturalKeyTable)
    .execute();
  await db.schema
    .createTable('latest_metrics')
    .addColumn('run_uuid', 'text', (c) => c.notNull().references('runs.run_uuid'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('is_nan', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('latest_metrics_pk', ['run_uuid', 'key'])
    .$call(quirks.naturalKeyTable)
    .execute();
}

async function createDatasets(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('dataset_uuid', 'text', (c) => c.primaryKey())
    .addColumn('experiment_id', 'bigint', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('schema', 'text')
    .addColumn('profile', 'text')
    .addUniqueConstraint('datasets_experiment_name_digest_uq', ['experiment_id', 'name', 'digest'])
    .execute();
  await db.schema.createIndex('datasets_digest_idx').on('datasets').column('digest').execute();
  await db.schema
    .createTable('run_inputs')
    .addColumn('run_uuid', 'text', (c) => c.notNull().references('runs.run_uuid'))
    .addColumn('dataset_uuid', 'text', (c) => c.notNull().references('datasets.dataset_uuid'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_inputs_pk', ['run_uuid', 'dataset_uuid'])
    .execute();
}

async function createAuditEvents(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('event_id', quirks.serialType, quirks.appendOnlySerialColumn)
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  // Every mutation appends a row, so one index only: an entity's history (entity id alone
  // or with its type), newest first straight from the index. The other filters (actor,
  // action, time) are read newest first from the primary key and stop at a full page.
  await db.schema.createIndex('audit_events_entity_idx').on('audit_events').columns(['entity_id', 'entity_type']).execute();
}

/**
 * Id 0 is inserted explicitly. Neither dialect moves its counter for it: a PostgreSQL
 * sequence still starts at 1, and SQLite's AUTOINCREMENT continues after the largest
 * id (0), so the next experiment gets id 1 in both (the contract suite checks).
 */
async function seedDefaultExperiment(db: Kysely<Database>, context: MigrationContext): Promise<void> {
  const now = Date.now();
  await db
    .insertInto('experiments')
    .values({
      experiment_id: 0,
      name: 'Default',
      artifact_location: context.defaultArtifactLocation('0'),
      lifecycle_stage: 'active',
      creation_time: now,
      last_update_time: now,
      deleted_time: null,
    })
    .execute();
}

export const initial: Migration = {
  version: 1,
  name: 'initial',
  async up(db, context) {
    await createExperiments(db, context);
    await createRuns(db, context);
    await createRunTagsAndParams(db, context);
    await createMetrics(db, context);
    await createDatasets(db);
    await createAuditEvents(db, context);
    await seedDefaultExperiment(db, context);
  },
};

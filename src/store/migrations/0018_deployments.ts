/**
 * Deployment records (issue 15): `deployments` holds one row per serving process (an instance of
 * `strata serve`), `deployment_events` what each recorded (started, switched, switch_failed,
 * stopped). Rows name the model by name, as the serving process's `models:/` URI does: a record of
 * what served is history and stays as it was when the model is later renamed or deleted.
 *
 * The indexes make "what served at T" index range reads: the instances of a model and alias (or
 * of a name) started by T, then per instance its last version-setting event at or before T
 * (`deployment_id, time, seq`, newest first). `seq` orders events of one millisecond.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

export const deployments: Migration = {
  version: 18,
  name: 'deployments',
  async up(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
    await db.schema
      .createTable('deployments')
      .addColumn('deployment_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('endpoint_url', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('pid', 'integer')
      .addColumn('model_uri', 'text', (c) => c.notNull())
      .addColumn('model_name', 'text', (c) => c.notNull())
      .addColumn('alias', 'text')
      .addColumn('current_version', 'integer')
      .addColumn('started_time', 'bigint', (c) => c.notNull())
      .addColumn('last_heartbeat_time', 'bigint', (c) => c.notNull())
      .addColumn('stopped_time', 'bigint')
      .addColumn('registered_by', 'text')
      .execute();
    await db.schema.createIndex('deployments_model_alias_idx').on('deployments').columns(['model_name', 'alias', 'started_time']).execute();
    await db.schema.createIndex('deployments_name_idx').on('deployments').columns(['name', 'started_time']).execute();
    await db.schema.createIndex('deployments_model_version_idx').on('deployments').columns(['model_name', 'current_version']).execute();
    await db.schema
      .createTable('deployment_events')
      .addColumn('seq', quirks.serialType, quirks.appendOnlySerialColumn)
      .addColumn('event_id', 'text', (c) => c.notNull().unique())
      .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.deployment_id'))
      .addColumn('deployment_name', 'text', (c) => c.notNull())
      .addColumn('model_name', 'text', (c) => c.notNull())
      .addColumn('alias', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('time', 'bigint', (c) => c.notNull())
      .addColumn('from_version', 'integer')
      .addColumn('to_version', 'integer')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      .execute();
    await db.schema.createIndex('deployment_events_instance_idx').on('deployment_events').columns(['deployment_id', 'time desc', 'seq desc']).execute();
    await db.schema.createIndex('deployment_events_name_idx').on('deployment_events').columns(['deployment_name', 'time desc', 'seq desc']).execute();
    await db.schema.createIndex('deployment_events_model_idx').on('deployment_events').columns(['model_name', 'time desc', 'seq desc']).execute();
  },
};

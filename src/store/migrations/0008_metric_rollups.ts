/**
 * Per-series roll-ups for metric envelopes (POST /api/strata/v1/metrics/envelope): a pyramid of
 * block summaries per (run, key), built lazily. Ingest only widens the series' dirty step range,
 * two columns of the latest_metrics row it upserts anyway; the first envelope query after new
 * points rebuilds the blocks of that range. Existing series start dirty over every step, so
 * their roll-ups are built on first use instead of here (a migration over every point of
 * every run could take hours).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

export const metricRollups: Migration = {
  version: 8,
  name: 'metric_rollups',
  async up(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
    await db.schema.alterTable('latest_metrics').addColumn('rollup_dirty_from', 'bigint').execute();
    await db.schema.alterTable('latest_metrics').addColumn('rollup_dirty_to', 'bigint').execute();
    await sql`UPDATE latest_metrics SET rollup_dirty_from = ${-Number.MAX_SAFE_INTEGER}, rollup_dirty_to = ${Number.MAX_SAFE_INTEGER}`.execute(db);
    await db.schema
      .createTable('metric_rollups')
      .addColumn('run_uuid', 'text', (c) => c.notNull().references('runs.run_uuid'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('block', 'bigint', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('metric_rollups_pk', ['run_uuid', 'key', 'level', 'block'])
      .$call(quirks.naturalKeyTable)
      .execute();
  },
};

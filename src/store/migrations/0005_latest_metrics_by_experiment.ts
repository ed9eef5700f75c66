/**
 * The latest value of each metric carries its run's experiment, indexed as
 * (experiment_id, key, is_nan, value), so a search that filters on a metric and orders by
 * it reads the top of one experiment's index range and stops after a page: the best 1,000 of
 * 100,000 runs without visiting the other 99,000 (see src/store/search/README.md). Runs never
 * change experiment, so the copy cannot go stale.
 *
 * It replaces nothing: latest_metrics keeps its (run_uuid, key) primary key for writes and
 * for the per-run lookups of every other search.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const latestMetricsByExperiment: Migration = {
  version: 5,
  name: 'latest_metrics_by_experiment',
  async up(db: Kysely<Database>): Promise<void> {
    // Nullable at the SQL level because SQLite cannot add a NOT NULL column without a
    // default; every write sets it (metric-queries.ts) and the backfill below covers the rest.
    await db.schema.alterTable('latest_metrics').addColumn('experiment_id', 'bigint').execute();
    await sql`UPDATE latest_metrics SET experiment_id = (SELECT r.experiment_id FROM runs r WHERE r.run_uuid = latest_metrics.run_uuid)`.execute(db);
    await db.schema
      .createIndex('latest_metrics_experiment_key_value_idx')
      .on('latest_metrics')
      .columns(['experiment_id', 'key', 'is_nan', 'value'])
      .execute();
  },
};

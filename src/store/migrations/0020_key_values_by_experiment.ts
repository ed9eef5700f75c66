/**
 * Params and run tags carry their run's experiment and start time, copied as migration 5
 * copied the experiment into latest_metrics, so the runs table's sort by a param or tag
 * column can read one experiment's runs in the order asked and stop after a page
 * (src/store/search/key-ordered-page.ts) instead of probing and sorting every run of the
 * experiment (100,000 runs on SQLite: seconds for one page). Runs never change experiment
 * and their start time is set once, at creation, so the copies cannot go stale.
 *
 * The index is (experiment_id, key, value, start_time DESC, run_uuid): MLflow's order is the
 * value then its tie-breakers, start_time DESC and run id, so an ascending sort streams from
 * the index even where thousands of runs share a value (an optimizer, a dataset name).
 * Only on SQLite (quirks.keyValueSortIndex): a PostgreSQL B-tree entry holds at most ~2.7 kB
 * and values go to 8,000 characters (see migration 19); there the general plan sorts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

const TABLES = ['params', 'run_tags'] as const;

export const keyValuesByExperiment: Migration = {
  version: 20,
  name: 'key_values_by_experiment',
  async up(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
    for (const table of TABLES) {
      // Nullable at the SQL level because SQLite cannot add a NOT NULL column without a
      // default; every write sets both (run-queries.ts) and the backfill covers the rest.
      await db.schema.alterTable(table).addColumn('experiment_id', 'bigint').execute();
      await db.schema.alterTable(table).addColumn('start_time', 'bigint').execute();
      await sql`UPDATE ${sql.table(table)} SET
        experiment_id = (SELECT r.experiment_id FROM runs r WHERE r.run_uuid = ${sql.table(table)}.run_uuid),
        start_time = (SELECT r.start_time FROM runs r WHERE r.run_uuid = ${sql.table(table)}.run_uuid)`.execute(db);
      if (quirks.keyValueSortIndex) {
        await db.schema
          .createIndex(`${table}_experiment_key_value_idx`)
          .on(table)
          .columns(['experiment_id', 'key', 'value', 'start_time desc', 'run_uuid'])
          .execute();
      }
    }
  },
};

/**
 * Params and run tags carry their run's experiment and start time, copied as migration 5
 * copied the experiment into latest_metrics, so the runs table's sort by a param or tag
 * column can read one experiment's runs in the order asked and stop after a page
 * (src/store/search/key-ordered-page.ts) instead of probing and sorting every run of the
 * experiment (100,000 runs: seconds for one page on SQLite, ~0.7 s on PostgreSQL). Runs never
 * change experiment and their start time is set once, at creation, so the copies cannot go stale.
 *
 * MLflow's order is the value, then start_time DESC and run id; the index holds all three, so an
 * ascending sort (the runs table's first click on a param or tag) streams from it even where
 * thousands of runs share a value (an optimizer, a dataset name). A descending one reads the
 * index backwards and sorts each run of equal values by the tie-breakers (100k runs, 33k sharing
 * a value: ~70 ms on SQLite). A second index in that direction would stream it too, but every
 * param or tag written lands on a leaf page of its own in each such index (its key's range):
 * with both, starting a run with 30 params and tags took half as many runs a second as before
 * migration 20; with this one alone, ~16 % fewer (bench/key-copy-write-cost.ts, no metrics).
 * A PostgreSQL B-tree entry holds at most ~2.7 kB and values go to 8,000 characters, so the index
 * holds only values of at most SORTABLE_VALUE_BYTES (on both databases: one plan, one
 * behaviour); a second, partial index finds the rare key with a longer value, which is then
 * sorted by the general plan.
 */
import { sql, type Kysely } from 'kysely';
import { SORTABLE_VALUE_BYTES, type Database } from '../schema.js';
import type { Migration } from './migration.js';

const TABLES = ['params', 'run_tags'] as const;

export const keyValuesByExperiment: Migration = {
  version: 20,
  name: 'key_values_by_experiment',
  async up(db: Kysely<Database>): Promise<void> {
    const short = sql.raw(`octet_length(value) <= ${SORTABLE_VALUE_BYTES}`);
    const long = sql.raw(`octet_length(value) > ${SORTABLE_VALUE_BYTES}`);
    for (const table of TABLES) {
      // Nullable at the SQL level because SQLite cannot add a NOT NULL column without a
      // default; every write sets both (run-queries.ts) and the backfill covers the rest.
      await db.schema.alterTable(table).addColumn('experiment_id', 'bigint').execute();
      await db.schema.alterTable(table).addColumn('start_time', 'bigint').execute();
      await sql`UPDATE ${sql.table(table)} SET
        experiment_id = (SELECT r.experiment_id FROM runs r WHERE r.run_uuid = ${sql.table(table)}.run_uuid),
        start_time = (SELECT r.start_time FROM runs r WHERE r.run_uuid = ${sql.table(table)}.run_uuid)`.execute(db);
      const index = (suffix: string) => sql.id(`${table}_${suffix}`);
      await sql`CREATE INDEX ${index('sort_idx')} ON ${sql.table(table)} (experiment_id, key, value, start_time DESC, run_uuid) WHERE ${short}`.execute(db);
      await sql`CREATE INDEX ${index('long_value_idx')} ON ${sql.table(table)} (experiment_id, key) WHERE ${long}`.execute(db);
    }
  },
};

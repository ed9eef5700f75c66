/**
 * experiment_key_counts: for each experiment, param and tag key, how many active runs have
 * it. The runs table lists an experiment's keys on every visit; counting them from params
 * and run_tags joined to runs took seconds at 100,000 runs (and on SQLite blocked every
 * other request meanwhile). The writes keep the counts (key-count-queries.ts); this
 * migration counts what is already there. Metric keys still come from latest_metrics'
 * (experiment_id, key, …) index, so the metric ingest path writes nothing more.
 *
 * Version 10: 8 and 9 were taken by branches developed at the same time.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

export const experimentKeyCounts: Migration = {
  version: 10,
  name: 'experiment_key_counts',
  async up(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
    await db.schema
      .createTable('experiment_key_counts')
      .addColumn('experiment_id', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('run_count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('experiment_key_counts_pk', ['experiment_id', 'kind', 'key'])
      .$call(quirks.naturalKeyTable)
      .execute();
    for (const [kind, table] of [['param', 'params'], ['tag', 'run_tags']] as const) {
      await sql`INSERT INTO experiment_key_counts (experiment_id, kind, key, run_count)
        SELECT r.experiment_id, ${kind}, c.key, count(*) FROM runs r JOIN ${sql.table(table)} c ON c.run_uuid = r.run_uuid
        WHERE r.lifecycle_stage = 'active' GROUP BY r.experiment_id, c.key`.execute(db);
    }
  },
};

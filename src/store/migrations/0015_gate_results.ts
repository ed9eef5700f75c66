/**
 * Evaluation gate results (issue 14): one row per recorded evaluation of a gate spec against a
 * run or a model version. Rows reference a model by id, as promotion requests do, so results
 * follow a rename and a model of the same name created later does not inherit them; they go
 * with their model when it is deleted (the audit events stay). `seq` orders results recorded in
 * the same millisecond: "the newest result of gate G" must be one row, whatever the clock.
 * Rule outcomes, the champion and the CI fields are JSON text, read and written whole.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

export const gateResults: Migration = {
  version: 15,
  name: 'gate_results',
  async up(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
    await db.schema
      .createTable('gate_results')
      .addColumn('seq', quirks.serialType, quirks.appendOnlySerialColumn)
      .addColumn('result_id', 'text', (c) => c.notNull().unique())
      .addColumn('gate', 'text', (c) => c.notNull())
      .addColumn('spec_hash', 'text', (c) => c.notNull())
      .addColumn('spec_text', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('model_id', 'bigint', (c) => c.references('registered_models.model_id'))
      .addColumn('version', 'integer')
      .addColumn('champion', 'text')
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('ran_by', 'text', (c) => c.notNull())
      .addColumn('ci_job_url', 'text')
      .addColumn('ci', 'text', (c) => c.notNull())
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('gate_results_run_idx').on('gate_results').columns(['run_id', 'created_time desc', 'seq desc']).execute();
    await db.schema
      .createIndex('gate_results_version_gate_idx')
      .on('gate_results')
      .columns(['model_id', 'version', 'gate', 'created_time desc', 'seq desc'])
      .execute();
    await db.schema.createIndex('gate_results_model_gate_idx').on('gate_results').columns(['model_id', 'gate', 'created_time desc', 'seq desc']).execute();
  },
};

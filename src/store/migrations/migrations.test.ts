import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { sqliteQuirks } from '../dialect-quirks.js';
import { openSqlite } from '../sqlite-connection.js';
import { MIGRATIONS, runMigrations } from './index.js';
import { appliedVersions } from './run-migrations.js';

const context = { quirks: sqliteQuirks, defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

describe('migrations', () => {
  it('are append-only: this list only ever grows at the end', () => {
    // Editing, renaming or reordering a released migration breaks existing databases.
    // Add a new entry here when you add a migration; never change the ones above it.
    assert.deepEqual(
      MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`),
      ['0001_initial', '0002_model_registry', '0003_dataset_registry', '0004_webhooks_and_lineage', '0005_latest_metrics_by_experiment', '0006_gc_pending_artifacts',
        '0007_audit_actor_claimed', '0008_metric_rollups', '0009_saved_views', '0010_experiment_key_counts', '0011_identity', '0012_grants', '0013_audit_chain',
        '0014_promotions', '0015_gate_results', '0016_promotion_justification', '0017_oidc', '0018_deployments',
        '0019_tag_value_hash_indexes', '0020_key_values_by_experiment'],
    );
    MIGRATIONS.forEach((m, index) => assert.equal(m.version, index + 1));
  });

  it('migrate an empty database to the latest version, then apply nothing', async () => {
    const db = openSqlite(':memory:');
    try {
      assert.deepEqual(await appliedVersions(db), []);
      assert.deepEqual(await runMigrations(db, MIGRATIONS, context), MIGRATIONS.map((m) => m.version));
      assert.deepEqual(await runMigrations(db, MIGRATIONS, context), []);
      assert.deepEqual(await appliedVersions(db), MIGRATIONS.map((m) => m.version));
      const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
      assert.deepEqual(tables, [
        'api_tokens', 'audit_checkpoints', 'audit_events', 'auth_sessions', 'datasets', 'deployment_events', 'deployments', 'experiment_key_counts', 'experiment_tags', 'experiments', 'gate_results', 'gc_pending_artifacts', 'grants', 'latest_metrics', 'metric_rollups', 'metrics', 'model_version_tags',
        'model_versions', 'oidc_logins', 'params', 'promotion_policies', 'promotion_requests', 'promotion_votes', 'registered_model_aliases', 'registered_model_tags', 'registered_models',
        'registry_dataset_versions', 'registry_datasets', 'registry_history', 'run_inputs', 'run_tags', 'runs', 'saved_views', 'server_rights', 'strata_migrations', 'user_group_members', 'user_groups', 'user_identities', 'users',
        'webhook_deliveries', 'webhook_delivery_attempts', 'webhooks',
      ]);
      const seeded = await db.selectFrom('experiments').selectAll().execute();
      assert.deepEqual(seeded.map((e) => [e.experiment_id, e.name, e.artifact_location]), [[0, 'Default', 'mlflow-artifacts:/0']]);
    } finally {
      await db.destroy();
    }
  });

  it('5 copies each existing latest metric\'s experiment from its run', async () => {
    const db = openSqlite(':memory:');
    try {
      await runMigrations(db, MIGRATIONS.slice(0, 4), context);
      await sql`INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
        VALUES (7, 'e7', 'x', 'active', 1, 1)`.execute(db);
      for (const [run, experiment] of [['a', 0], ['b', 7]] as const) {
        await sql`INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)
          VALUES (${run}, ${experiment}, ${run}, 'u', 'FINISHED', 1, 'active', 'x')`.execute(db);
        await sql`INSERT INTO latest_metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (${run}, 'acc', 0, 1, 0.5, 0)`.execute(db);
      }
      await runMigrations(db, MIGRATIONS, context);
      const rows = await db.selectFrom('latest_metrics').select(['run_uuid', 'experiment_id']).orderBy('run_uuid').execute();
      assert.deepEqual(rows, [{ run_uuid: 'a', experiment_id: 0 }, { run_uuid: 'b', experiment_id: 7 }]);
    } finally {
      await db.destroy();
    }
  });

  it('7 moves every name recorded as actor to actor_claimed, except gc\'s own', async () => {
    const db = openSqlite(':memory:');
    try {
      await runMigrations(db, MIGRATIONS.slice(0, 6), context);
      const rows: Array<[string, string]> = [['alice', 'run.create'], ['anonymous', 'run.update'], ['cli:ops', 'run.purge']];
      for (const [actor, action] of rows) {
        await sql`INSERT INTO audit_events (time, actor, action, entity_type, entity_id, summary)
          VALUES (1, ${actor}, ${action}, 'run', 'r', '{}')`.execute(db);
      }
      await runMigrations(db, MIGRATIONS, context);
      const migrated = await db.selectFrom('audit_events').select(['actor', 'actor_claimed']).orderBy('event_id').execute();
      assert.deepEqual(migrated, [
        { actor: 'anonymous', actor_claimed: 'alice' },
        { actor: 'anonymous', actor_claimed: null },
        { actor: 'cli:ops', actor_claimed: null },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('10 counts, per experiment, the active runs having each param and tag key', async () => {
    const db = openSqlite(':memory:');
    try {
      await runMigrations(db, MIGRATIONS.slice(0, 7), context);
      const runs = [['a', 'active', ['lr', 'bs']], ['b', 'active', ['lr']], ['gone', 'deleted', ['lr', 'only_gone']]] as const;
      for (const [run, stage, keys] of runs) {
        await sql`INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)
          VALUES (${run}, 0, ${run}, 'u', 'FINISHED', 1, ${stage}, 'x')`.execute(db);
        for (const key of keys) {
          await sql`INSERT INTO params (run_uuid, key, value) VALUES (${run}, ${key}, 'v')`.execute(db);
          await sql`INSERT INTO run_tags (run_uuid, key, value) VALUES (${run}, ${`t.${key}`}, 'v')`.execute(db);
        }
      }
      await runMigrations(db, MIGRATIONS, context);
      const rows = await db.selectFrom('experiment_key_counts').selectAll().orderBy('kind').orderBy('key').execute();
      assert.deepEqual(rows.map((r) => [r.experiment_id, r.kind, r.key, r.run_count]), [
        [0, 'param', 'bs', 1], [0, 'param', 'lr', 2], [0, 'tag', 't.bs', 1], [0, 'tag', 't.lr', 2],
      ]);
    } finally {
      await db.destroy();
    }
  });
  it('20 copies each param\'s and tag\'s run experiment and start time, and indexes them for the sort by a key', async () => {
    const db = openSqlite(':memory:');
    try {
      await runMigrations(db, MIGRATIONS.slice(0, 19), context);
      await sql`INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES ('e', 'x', 'active', 1, 1)`.execute(db);
      for (const [run, experiment, start] of [['a', 0, 10], ['b', 1, 20]] as const) {
        await sql`INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)
          VALUES (${run}, ${experiment}, ${run}, 'u', 'FINISHED', ${start}, 'active', 'x')`.execute(db);
        await sql`INSERT INTO params (run_uuid, key, value) VALUES (${run}, 'lr', '0.1')`.execute(db);
        await sql`INSERT INTO run_tags (run_uuid, key, value) VALUES (${run}, 'team', 'nlp')`.execute(db);
      }
      await runMigrations(db, MIGRATIONS, context);
      for (const table of ['params', 'run_tags'] as const) {
        const rows = await db.selectFrom(table).select(['run_uuid', 'experiment_id', 'start_time']).orderBy('run_uuid').execute();
        assert.deepEqual(rows.map((r) => [r.run_uuid, r.experiment_id, r.start_time]), [['a', 0, 10], ['b', 1, 20]], table);
        const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT run_uuid FROM ${sql.table(table)}
          WHERE experiment_id = 1 AND key = 'k' AND octet_length(value) <= 1000 ORDER BY value, start_time DESC, run_uuid`.execute(db);
        assert.deepEqual(plan.rows.map((r) => r.detail), [`SEARCH ${table} USING COVERING INDEX ${table}_sort_idx (experiment_id=? AND key=?)`], table);
      }
    } finally {
      await db.destroy();
    }
  });
});

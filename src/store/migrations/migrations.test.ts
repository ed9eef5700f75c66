import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
      ['0001_initial', '0002_model_registry', '0003_dataset_registry', '0004_webhooks_and_lineage'],
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
        'audit_events', 'datasets', 'experiment_tags', 'experiments', 'latest_metrics', 'metrics', 'model_version_tags',
        'model_versions', 'params', 'registered_model_aliases', 'registered_model_tags', 'registered_models',
        'registry_dataset_versions', 'registry_datasets', 'registry_history', 'run_inputs', 'run_tags', 'runs', 'strata_migrations',
        'webhook_deliveries', 'webhook_delivery_attempts', 'webhooks',
      ]);
      const seeded = await db.selectFrom('experiments').selectAll().execute();
      assert.deepEqual(seeded.map((e) => [e.experiment_id, e.name, e.artifact_location]), [[0, 'Default', 'mlflow-artifacts:/0']]);
    } finally {
      await db.destroy();
    }
  });
});

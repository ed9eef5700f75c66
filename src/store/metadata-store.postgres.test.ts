/**
 * The contract on PostgreSQL. URL: STRATA_TEST_POSTGRES_URL, else a local server at
 * postgresql://postgres@127.0.0.1:5432/test if one answers. Each test gets a fresh
 * schema (search_path set through the pool), dropped at the end. Unreachable: the
 * suite is skipped with the reason, or fails when STRATA_REQUIRE_POSTGRES=1.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { openStore } from './create-store.js';
import { sql } from 'kysely';
import { postgresQuirks } from './dialect-quirks.js';
import { MIGRATIONS, runMigrations } from './migrations/index.js';
import { openPostgres } from './postgres-connection.js';
import { runMetadataStoreContract } from './metadata-store.contract.js';
import { runRegistryContract } from './registry.contract.js';
import { runDatasetRegistryContract } from './dataset-registry.contract.js';
import { runGcContract } from './gc.contract.js';

const url = process.env.STRATA_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const required = process.env.STRATA_REQUIRE_POSTGRES === '1';
const admin = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
const schemas: string[] = [];

async function unreachableReason(): Promise<string | undefined> {
  try {
    await admin.query('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} is unreachable: ${(error as Error).message}`;
  }
}

const reason = await unreachableReason();
if (reason) console.log(`${reason}${required ? '' : ' (skipping; set STRATA_REQUIRE_POSTGRES=1 to fail instead)'}`);

after(async () => {
  for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

async function freshStore() {
  const schema = `strata_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  schemas.push(schema);
  await admin.query(`create schema ${schema}`);
  return openStore(url, {
    defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}`,
    postgresSchema: schema,
    maxConnections: 16,
  });
}

if (reason && required) {
  describe('MetadataStore contract: PostgreSQL', () => {
    it('needs a reachable PostgreSQL (STRATA_REQUIRE_POSTGRES=1)', () => assert.fail(reason));
  });
} else {
  runMetadataStoreContract('PostgreSQL', freshStore, reason ? { skip: reason } : {});
  runRegistryContract('PostgreSQL', freshStore, reason ? { skip: reason } : {});
  runDatasetRegistryContract('PostgreSQL', freshStore, reason ? { skip: reason } : {});
  runGcContract('PostgreSQL', freshStore, reason ? { skip: reason } : {});

  describe('PostgreSQL store specifics', { skip: reason ?? false }, () => {
    it('lets two processes migrate one schema at once: each migration runs exactly once', async () => {
      const schema = `strata_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      schemas.push(schema);
      await admin.query(`create schema ${schema}`);
      const options = { defaultArtifactLocation: (id: string) => `x/${id}`, postgresSchema: schema };
      const { createStore } = await import('./create-store.js');
      const stores = await Promise.all([createStore(url, options), createStore(url, options), createStore(url, options)]);
      try {
        const applied = await Promise.all(stores.map((store) => store.migrate()));
        assert.deepEqual(applied.flat().sort((a, b) => a - b), MIGRATIONS.map((m) => m.version));
        assert.equal((await stores[0]?.findExperiment('0'))?.name, 'Default');
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });

    it('migration 7 moves every name recorded as actor to actor_claimed, except gc\'s own', async () => {
      const schema = `strata_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      schemas.push(schema);
      await admin.query(`create schema ${schema}`);
      const { db } = openPostgres(url, { schema, maxConnections: 1 });
      try {
        const context = { quirks: postgresQuirks, defaultArtifactLocation: (id: string) => `x/${id}` };
        await runMigrations(db, MIGRATIONS.slice(0, 6), context);
        for (const [actor, action] of [['alice', 'run.create'], ['anonymous', 'run.update'], ['cli:ops', 'run.purge']]) {
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
  });
}

/**
 * What only PostgreSQL does: concurrent migrations from several processes, and migrations on
 * data. The contracts run on PostgreSQL (and SQLite) in metadata-store.test.ts. The server is
 * test/helpers/postgres-test-uri.ts's: skipped with the reason when none answers, failing under
 * STRATA_REQUIRE_POSTGRES=1.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { sql } from 'kysely';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import { postgresTestServer } from '../../test/helpers/postgres-test-uri.js';
import { postgresQuirks } from './dialect-quirks.js';
import { MIGRATIONS, runMigrations } from './migrations/index.js';
import { openPostgres } from './postgres-connection.js';

const server = await postgresTestServer();
after(async () => {
  if ('close' in server) await server.close();
});

/** A fresh schema and the server's URL; only called when the suite runs. */
async function freshSchema(): Promise<{ url: string; schema: string }> {
  if ('skip' in server) throw new Error(server.skip);
  return { url: server.url, schema: await server.freshSchema() };
}

describeOrSkip('PostgreSQL store specifics', 'skip' in server && server.skip, () => {
  it('lets two processes migrate one schema at once: each migration runs exactly once', async () => {
    const { url, schema } = await freshSchema();
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
    const { url, schema } = await freshSchema();
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

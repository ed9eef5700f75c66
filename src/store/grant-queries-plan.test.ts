/**
 * Issue 13: a principal's readable set (asked by every filtered search when the default role is
 * `none`) walked every grant of the type on SQLite — its OR of grantees and its ORDER BY made the
 * planner prefer the primary key over grants_grantee_idx — so each search paid for all users'
 * grants (2.2 ms with 5,000 of them). This checks the plan's shape, not its time. PostgreSQL
 * already plans the OR as index scans (BitmapOr on grants_grantee_idx).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sqliteQuirks } from './dialect-quirks.js';
import { grantsHeldBy, putGrant } from './grant-queries.js';
import { MIGRATIONS, runMigrations } from './migrations/index.js';
import type { Database } from './schema.js';

async function grantsDatabase() {
  const sqlite = new BetterSqlite3(':memory:');
  const statements: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await runMigrations(db, MIGRATIONS, { quirks: sqliteQuirks, defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < 500; i++) {
      await putGrant(tx, { resource: { type: 'experiment', key: String(i) }, grantee: { type: 'user', name: `user${i % 50}` }, role: 'editor', grantedBy: 'root', grantedTime: 1 });
    }
    await putGrant(tx, { resource: { type: 'experiment', key: '42' }, grantee: { type: 'user', name: 'alice' }, role: 'viewer', grantedBy: 'root', grantedTime: 1 });
    await putGrant(tx, { resource: { type: 'experiment', key: '7' }, grantee: { type: 'group', name: 'ml' }, role: 'viewer', grantedBy: 'root', grantedTime: 1 });
    await putGrant(tx, { resource: { type: 'model', key: 'fraud' }, grantee: { type: 'user', name: 'alice' }, role: 'viewer', grantedBy: 'root', grantedTime: 1 });
  });
  return { sqlite, db, statements };
}

describe('a readable set on SQLite', () => {
  it('looks up each grantee by grants_grantee_idx instead of walking every grant of the type', async () => {
    const { sqlite, db, statements } = await grantsDatabase();
    try {
      statements.length = 0;
      const grants = await grantsHeldBy(db, [{ type: 'user', name: 'alice' }, { type: 'group', name: 'ml' }], 'experiment');
      assert.deepEqual(grants.map((g) => g.resource.key), ['42', '7']);
      const [statement] = statements;
      assert.ok(statement);
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.parameters) as Array<{ detail: string }>;
      const searches = plan.map((row) => row.detail).filter((detail) => /^(SEARCH|SCAN)/.test(detail));
      assert.equal(searches.length, 2, JSON.stringify(plan));
      for (const detail of searches) assert.match(detail, /USING (COVERING )?INDEX grants_grantee_idx/, detail);
    } finally {
      await db.destroy();
    }
  });
});

/**
 * Search latency of the compiled SQL alone (no HTTP, no hydration) on SQLite at the
 * sizes the project promises: 100,000 runs (target 200 ms end to end) and 1,000 runs
 * (15 ms). Prints the best of 3 for a second page of 100 per query shape.
 *
 *   node --import tsx bench/search-sql.ts
 */
import { sql } from 'kysely';
import { parseRunFilter, parseRunOrderBy } from '../src/core/search/index.js';
import { searchRunIds } from '../src/store/search/index.js';
import { openSqliteTestDatabase, type TestDatabase } from '../test/helpers/search-test-database.js';

async function seed(t: TestDatabase, experimentId: number, count: number): Promise<void> {
  // One INSERT … SELECT per table from a recursive counter: 100k runs in well under a second.
  await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
    INSERT INTO runs SELECT ${`e${experimentId}-`} || printf('%08d', i), i, ${experimentId}, 'run-' || i, 'user-' || (i % 7),
      CASE i % 4 WHEN 0 THEN 'RUNNING' ELSE 'FINISHED' END, 1700000000000 + i * 1000, 1700000000000 + i * 1000 + 500,
      'active', 'file:///a/' || i, NULL FROM n`.execute(t.db);
  const runs = sql`SELECT run_uuid, seq AS i, start_time FROM runs WHERE experiment_id = ${experimentId}`;
  await sql`INSERT INTO latest_metrics SELECT run_uuid, 'acc', 10, 0, ((i * 7919) % 10007) / 10007.0, 0, ${experimentId} FROM (${runs}) WHERE i % 50 <> 0`.execute(t.db);
  await sql`INSERT INTO latest_metrics SELECT run_uuid, 'acc', 10, 0, 0, 1, ${experimentId} FROM (${runs}) WHERE i % 100 = 0`.execute(t.db);
  await sql`INSERT INTO latest_metrics SELECT run_uuid, 'loss', 10, 0, ((i * 104729) % 1009) / 1009.0, 0, ${experimentId} FROM (${runs})`.execute(t.db);
  await sql`INSERT INTO params SELECT run_uuid, 'lr', '0.' || (i % 10), ${experimentId}, start_time FROM (${runs})`.execute(t.db);
  await sql`INSERT INTO params SELECT run_uuid, 'optimizer', CASE i % 3 WHEN 0 THEN 'adam' ELSE 'sgd' END, ${experimentId}, start_time FROM (${runs})`.execute(t.db);
  await sql`INSERT INTO run_tags SELECT run_uuid, 'team', 'team-' || (i % 5), ${experimentId}, start_time FROM (${runs})`.execute(t.db);
  await sql`ANALYZE`.execute(t.db);
}

async function bestOf(times: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const CASES = [
  { filter: 'metrics.acc > 0.5', orderBy: ['metrics.acc DESC'] },
  { filter: "metrics.acc > 0.5 AND params.optimizer = 'adam'", orderBy: ['metrics.loss ASC'] },
  { filter: "metrics.acc < 0.1 OR tags.team IN ('team-1', 'team-2')", orderBy: ['params.lr DESC', 'metrics.acc'] },
  { filter: '', orderBy: [] },
];


const t = openSqliteTestDatabase();
await seed(t, 1, 100_000);
await seed(t, 2, 1_000);
for (const [experimentId, count] of [['1', 100_000], ['2', 1_000]] as const) {
  for (const c of CASES) {
    const query = { experimentIds: [experimentId], filter: parseRunFilter(c.filter), orderBy: parseRunOrderBy(c.orderBy), viewType: 'ACTIVE_ONLY' as const, maxResults: 100 };
    const first = await searchRunIds(t.db, query, t.dialect);
    const ms = await bestOf(3, () => searchRunIds(t.db, { ...query, pageToken: first.nextPageToken }, t.dialect));
    console.log(`${count} runs, ${c.filter || '-'} / ${c.orderBy.join(', ') || '-'}: ${ms.toFixed(1)} ms`);
  }
}
await t.close();

/**
 * Long AND filters (issue 10): 99 runs, filters of 3 to 100 comparisons over metrics, params,
 * tags and IS NULL, on SQLite and (when one answers on 127.0.0.1:5432) PostgreSQL. Prints the
 * best of 3 for searchRunIds and, on PostgreSQL, the planning and execution times EXPLAIN
 * ANALYZE reports for the same statement.
 *
 *   node --import tsx bench/search-long-filter.ts [term counts, default 3 10 20 50 100]
 */
import { sql } from 'kysely';
import { MAX_SEARCH_ORDER_BY_CLAUSES } from '../src/api/limits.js';
import { parseRunFilter, parseRunOrderBy } from '../src/core/search/index.js';
import { searchRunIds } from '../src/store/search/index.js';
import { keysetPageSql } from '../src/store/search/keyset-page.js';
import { runSearchQuery } from '../src/store/search/search-run-ids.js';
import {
  insertRun,
  openPostgresTestDatabase,
  openSqliteTestDatabase,
  type TestDatabase,
} from '../test/helpers/search-test-database.js';

const TERMS = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [3, 10, 20, 50, 100];

async function seed(t: TestDatabase): Promise<void> {
  await t.db.transaction().execute(async (db) => {
    for (let i = 0; i < 99; i += 1) {
      const metrics = Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`m${k}`, i]));
      await insertRun(db, { id: `r${i}`, start: i, metrics, params: { lr: '0.1' }, tags: { team: 'a' } });
    }
  });
  await sql`ANALYZE`.execute(t.db);
}

function filter(terms: number): string {
  const shapes = [(k: number) => `metrics.m${k % 20} >= 0`, () => "params.lr = '0.1'", () => "tags.team = 'a'", (k: number) => `metrics.x${k} IS NULL`];
  return Array.from({ length: terms }, (_, k) => (shapes[k % shapes.length] as (k: number) => string)(k)).join(' AND ');
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

async function explainTimes(t: TestDatabase, statement: ReturnType<typeof keysetPageSql>): Promise<string> {
  if (t.name !== 'postgresql') return '';
  const result = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, SUMMARY) ${statement}`.execute(t.db);
  const lines = result.rows.map((row) => row['QUERY PLAN']);
  const time = (label: string) => lines.find((l) => l.startsWith(label))?.split(': ')[1] ?? '?';
  const cost = /cost=[\d.]+\.\.([\d.]+)/.exec(lines[0] ?? '')?.[1] ?? '?';
  return ` (plan ${time('Planning Time')}, execute ${time('Execution Time')}, cost ${cost}, ${lines.length} plan lines)`;
}

async function run(t: TestDatabase): Promise<void> {
  await seed(t);
  for (const orderBy of [[], Array.from({ length: MAX_SEARCH_ORDER_BY_CLAUSES }, (_, k) => `metrics.m${k} DESC`)]) {
    for (const terms of TERMS) {
      const query = { experimentIds: ['1'], filter: parseRunFilter(filter(terms)), orderBy: parseRunOrderBy(orderBy), viewType: 'ACTIVE_ONLY' as const, maxResults: 100 };
      const ms = await bestOf(3, () => searchRunIds(t.db, query, t.dialect));
      const statement = runSearchQuery(query, t.dialect);
      const detail = statement ? await explainTimes(t, keysetPageSql(statement)) : '';
      console.log(`${t.name}, ${terms} AND terms, ${orderBy.length} order_by keys: ${ms.toFixed(1)} ms${detail}`);
    }
  }
  await t.close();
}

await run(openSqliteTestDatabase());
const pg = await openPostgresTestDatabase();
if ('skip' in pg) console.log(`PostgreSQL skipped: ${pg.skip}`);
else await run(pg);

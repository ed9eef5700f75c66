/**
 * Issue 10: a 50-term AND filter over 99 runs took seconds on PostgreSQL and 200 terms ran
 * for minutes, because every EXISTS became a semi-join and the planner searched join orders
 * over all of them. These tests check the plan's shape instead of its time: at most
 * BARE_EXISTS_PER_FILTER semi-joins whatever the filter's length, and a plan that grows in
 * proportion to the terms. (bench/search-long-filter.ts measures the time.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { MAX_SEARCH_FILTER_TERMS } from '../../api/limits.js';
import { parseExperimentFilter, parseRunFilter } from '../../core/search/index.js';
import { BARE_EXISTS_PER_FILTER } from './exists-tests.js';
import { compileExperimentFilter } from './experiment-search-sql.js';
import { keysetPageSql } from './keyset-page.js';
import { runSearchQuery } from './search-run-ids.js';
import { searchRunIds } from './index.js';
import {
  insertExperiment,
  insertRun,
  openTestDatabases,
  type TestDatabase,
} from '../../../test/helpers/search-test-database.js';

const RUNS = 99;

async function fixtures(t: TestDatabase): Promise<void> {
  // One transaction: ~1,400 single-row inserts commit once.
  await t.db.transaction().execute(async (db) => {
    for (let i = 0; i < RUNS; i += 1) {
      const metrics = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`m${k}`, i + k]));
      await insertRun(db, { id: `run${String(i).padStart(2, '0')}`, start: i, metrics, params: { lr: String(i % 3) }, tags: { team: `t${i % 2}` } });
    }
    for (let i = 0; i < 20; i += 1) await insertExperiment(db, { name: `exp${i}`, created: i, tags: { team: `t${i % 2}`, k: 'v' } });
  });
  if (t.name === 'postgresql') await sql`ANALYZE`.execute(t.db);
}

/**
 * `count` terms that together keep the runs with lr = '0', team 't0' and m0 >= 30: metric
 * bounds, params, tags, IS NULL and IS NOT NULL (anti- and semi-joins when bare), NOT.
 */
function runFilter(count: number): string {
  const shapes = [
    (k: number) => `metrics.m${k % 10} >= ${30 + (k % 10)}`,
    () => "params.lr = '0'",
    () => "tags.team = 't0'",
    (k: number) => `metrics.absent${k} IS NULL`,
    () => 'params.lr IS NOT NULL',
    () => "NOT tags.team = 't1'",
  ];
  return Array.from({ length: count }, (_, k) => (shapes[k % shapes.length] as (k: number) => string)(k)).join(' AND ');
}

const expectedRuns = Array.from({ length: RUNS }, (_, i) => i)
  .filter((i) => i % 3 === 0 && i % 2 === 0 && i >= 30)
  .reverse()
  .map((i) => `run${String(i).padStart(2, '0')}`);

function runSearch(filter: string) {
  return { experimentIds: ['1'], filter: parseRunFilter(filter), orderBy: [], viewType: 'ACTIVE_ONLY' as const, maxResults: 1000 };
}

interface PlanShape {
  joins: number;
  nodes: number;
}

/** Semi/anti joins and all nodes of PostgreSQL's plan, subplans included. */
function postgresShape(plan: Record<string, unknown>): PlanShape {
  const children = (plan.Plans as Array<Record<string, unknown>> | undefined) ?? [];
  const own = { joins: plan['Join Type'] === 'Semi' || plan['Join Type'] === 'Anti' ? 1 : 0, nodes: 1 };
  return children.map(postgresShape).reduce((a, b) => ({ joins: a.joins + b.joins, nodes: a.nodes + b.nodes }), own);
}

async function planShape(t: TestDatabase, statement: ReturnType<typeof sql>): Promise<PlanShape> {
  if (t.name === 'postgresql') {
    const result = await sql<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>`EXPLAIN (FORMAT JSON) ${statement}`.execute(t.db);
    const [explained] = result.rows[0]?.['QUERY PLAN'] ?? [];
    assert.ok(explained);
    return postgresShape(explained.Plan);
  }
  // SQLite runs each EXISTS as a correlated subquery; it never joins them.
  const result = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${statement}`.execute(t.db);
  return { joins: 0, nodes: result.rows.length };
}

function runPlanShape(t: TestDatabase, terms: number): Promise<PlanShape> {
  const query = runSearchQuery(runSearch(runFilter(terms)), t.dialect);
  assert.ok(query);
  return planShape(t, keysetPageSql(query));
}

const experimentPlanShape = (t: TestDatabase, terms: number) => {
  const filter = parseExperimentFilter(Array.from({ length: terms }, (_, k) => (k % 2 ? "tags.k = 'v'" : `tags.absent${k} IS NULL`)).join(' AND '));
  assert.ok(filter);
  return planShape(t, sql`SELECT e.experiment_id FROM experiments e WHERE ${compileExperimentFilter(filter)}`);
};

for (const t of await openTestDatabases('long filters')) {
  describe(`long filters on ${t.name}`, () => {
    before(() => fixtures(t));
    after(() => t.close());

    it(`joins at most ${BARE_EXISTS_PER_FILTER} subqueries however long the run filter is`, async () => {
      // 12 terms first: before the fix, 100 would have kept the planner busy for minutes.
      for (const terms of [12, 50, MAX_SEARCH_FILTER_TERMS]) {
        const shape = await runPlanShape(t, terms);
        assert.ok(shape.joins <= BARE_EXISTS_PER_FILTER, `${terms} terms: ${shape.joins} semi/anti joins`);
      }
    });

    it('finds the same runs with a few terms and with the most a filter may have', async () => {
      for (const terms of [6, 12, MAX_SEARCH_FILTER_TERMS]) {
        const { runIds } = await searchRunIds(t.db, runSearch(runFilter(terms)), t.dialect);
        assert.deepEqual(runIds, expectedRuns, `${terms} terms`);
      }
    });

    it('plans a run filter in size proportional to its terms', async () => {
      const half = await runPlanShape(t, MAX_SEARCH_FILTER_TERMS / 2);
      const full = await runPlanShape(t, MAX_SEARCH_FILTER_TERMS);
      assert.ok(full.nodes <= 2.2 * half.nodes, `${half.nodes} plan nodes for 50 terms, ${full.nodes} for 100`);
    });

    it('keeps experiment tag filters out of the join search too', async () => {
      for (const terms of [12, MAX_SEARCH_FILTER_TERMS]) {
        const shape = await experimentPlanShape(t, terms);
        assert.ok(shape.joins <= BARE_EXISTS_PER_FILTER, `${terms} terms: ${shape.joins} semi/anti joins`);
      }
    });
  });
}

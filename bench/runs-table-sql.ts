/**
 * The runs table's searches straight on the SQLite file bench/runs-table-100k.ts seeds (no HTTP, no
 * browser): each sort and filter the table sends, its query plan (PLAN=1), the time for the page's
 * run ids, for the page with its shown columns (what POST /api/strata/v1/runs/search answers), and
 * for the next page.
 *
 *   node --import tsx bench/runs-table-100k.ts --db /tmp/t.db --phases first   # seeds once
 *   PLAN=1 node --import tsx bench/runs-table-sql.ts /tmp/t.db
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { loadavg } from 'node:os';
import { parseRunFilter, parseRunOrderBy } from '../src/core/search/index.js';
import type { RunColumns, RunSearchQuery } from '../src/core/ports/metadata-store.js';
import { searchRunColumns } from '../src/store/run-columns-queries.js';
import type { Database as Schema } from '../src/store/schema.js';
import { keysetPageSql } from '../src/store/search/keyset-page.js';
import { sqliteSearchDialect } from '../src/store/search/search-dialect.js';
import { runSearchQuery, searchRunIds } from '../src/store/search/search-run-ids.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: bench/runs-table-sql.ts <sqlite file seeded by bench/runs-table-100k.ts>');
const raw = new Database(file, { readonly: true });
const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
const experiment = raw.prepare("select experiment_id from experiments where name = 'table-100k'").get() as { experiment_id: number } | undefined;
if (experiment === undefined) throw new Error(`${file} has no experiment table-100k`);
// The columns bench/runs-table-100k.ts shows.
const columns: RunColumns = { params: ['param_0', 'param_1', 'param_2'], metrics: ['metric_0', 'metric_1', 'metric_2', 'metric_3'], tags: ['tag_0'] };
const cases: Array<[label: string, filter: string, orderBy: string]> = [
  ['newest first (the default)', '', 'attributes.start_time DESC'],
  ['sort by metric_0, highest first', '', 'metrics.metric_0 DESC'],
  ['sort by metric_0, lowest first', '', 'metrics.metric_0 ASC'],
  ['sort by param_1', '', 'params.param_1 ASC'],
  ['sort by param_1, highest first', '', 'params.param_1 DESC'],
  ['sort by param_0 (3 values)', '', 'params.param_0 ASC'],
  ['sort by param_0 (3 values), highest first', '', 'params.param_0 DESC'],
  ['sort by tag_0 (2 values)', '', 'tags.tag_0 ASC'],
  ['sort by tag_0 (2 values), highest first', '', 'tags.tag_0 DESC'],
  ['sort by run name', '', 'attributes.run_name ASC'],
  ['filter param_0 = adam AND metric_0 > 0.3', "params.param_0 = 'adam' AND metrics.metric_0 > 0.3", 'attributes.start_time DESC'],
  ['filter param_0 = sgd AND metric_1 < 0.4', "params.param_0 = 'sgd' AND metrics.metric_1 < 0.4", 'attributes.start_time DESC'],
  ['filter param_0 = lion', "params.param_0 = 'lion'", 'attributes.start_time DESC'],
];

const times = async (n: number, run: () => Promise<unknown>): Promise<string> => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    out.push(performance.now() - start);
  }
  return out.map((t) => t.toFixed(0)).join('/');
};

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [label, filter, orderBy] of cases) {
  const query: RunSearchQuery = {
    experimentIds: [String(experiment.experiment_id)],
    filter: filter === '' ? undefined : parseRunFilter(filter),
    orderBy: parseRunOrderBy([orderBy]),
    viewType: 'ACTIVE_ONLY',
    maxResults: 200,
  };
  if (process.env.PLAN === '1') {
    const compiled = keysetPageSql(runSearchQuery(query, sqliteSearchDialect)!).compile(db);
    const plan = raw.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as Array<{ detail: string }>;
    console.log(`${label}\n  ${plan.map((p) => p.detail).join('\n  ')}`);
  }
  const first = await searchRunIds(db, query, sqliteSearchDialect);
  const ids = await times(3, () => searchRunIds(db, query, sqliteSearchDialect));
  const page = await times(3, () => searchRunColumns(db, query, columns));
  const next = first.nextPageToken ? await times(3, () => searchRunColumns(db, { ...query, pageToken: first.nextPageToken }, columns)) : '-';
  console.log(`${label.padEnd(44)} ids ${ids} ms; page with columns ${page} ms; next page ${next} ms`);
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await db.destroy();

/**
 * GET experiments/keys' store query (issue 12) on MLflow's crash case: one experiment of RUNS runs,
 * every run holding every one of KEYS distinct metric keys (RUNS × KEYS latest values: 5,000,000 at
 * the defaults), plus 3 params and 2 tags per run, and 10 deleted runs; another experiment a tenth of its
 * size beside it. Seeded by bulk SQL (this times the read, not ingest), on a SQLite file and on
 * PostgreSQL when one answers (STRATA_TEST_POSTGRES_URL, default local `test` db). Prints best and
 * median of 5 for experimentKeys and for searchRunColumns (200 runs × 10 metric columns).
 *
 *   node --import tsx bench/experiment-keys.ts [RUNS] [KEYS] [--postgres-only]
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { MetadataStore } from '../src/core/ports/metadata-store.js';
import { parseRunOrderBy } from '../src/core/search/index.js';
import { openStore } from '../src/store/create-store.js';
import { postgresTestServer, withSearchPath } from '../test/helpers/postgres-test-uri.js';

class SkipSqlite extends Error {}
const numbers = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const RUNS = numbers[0] ?? 1000;
const KEYS = numbers[1] ?? 5000;
const OPTIONS = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

/** One statement per table: runs, latest values, params, tags of experiment `e` (runs named e-r). */
function seedStatements(e: string, dialect: 'sqlite' | 'pg', runs: number): string[] {
  const series = (n: number, name: string) =>
    dialect === 'pg' ? `generate_series(0, ${n - 1}) ${name}(i)` : `(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${n - 1}) SELECT i FROM s) ${name}`;
  const pad = (x: string) => (dialect === 'pg' ? `lpad(${x}::text, 4, '0')` : `substr('0000' || ${x}, -4, 4)`);
  return [
    `INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, deleted_time)
      SELECT '${e}-' || r.i, ${e}, 'run-' || r.i, 'u', 'FINISHED', r.i, r.i + 1, CASE WHEN r.i < 10 THEN 'deleted' ELSE 'active' END, 'x', NULL FROM ${series(runs, 'r')}`,
    `INSERT INTO latest_metrics (run_uuid, experiment_id, key, step, timestamp, value, is_nan)
      SELECT '${e}-' || r.i, ${e}, 'layer_' || ${pad('k.i')} || '/grad_norm', 0, 0, (r.i * 31 + k.i * 17) % 1000, 0 FROM ${series(runs, 'r')}, ${series(KEYS, 'k')}`,
    `INSERT INTO params (run_uuid, key, value, experiment_id, start_time) SELECT '${e}-' || r.i, p.k, 'v', ${e}, r.i FROM ${series(runs, 'r')}, (SELECT 'lr' AS k UNION ALL SELECT 'seed' UNION ALL SELECT 'model') p`,
    `INSERT INTO run_tags (run_uuid, key, value, experiment_id, start_time) SELECT '${e}-' || r.i, t.k, 'v', ${e}, r.i FROM ${series(runs, 'r')}, (SELECT 'team' AS k UNION ALL SELECT 'mlflow.runName') t`,
  ];
}

async function timed(fn: () => Promise<unknown>): Promise<string> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return `best ${samples[0]?.toFixed(1)} ms, median ${samples[2]?.toFixed(1)} ms`;
}

async function measure(name: string, store: MetadataStore, experimentId: string): Promise<void> {
  let count = 0;
  const keys = await timed(async () => {
    const k = await store.experimentKeys({ experimentId, maxResults: 50_000 });
    count = k.metrics.length + k.params.length + k.tags.length;
  });
  console.log(`${name}: experimentKeys, ${RUNS} runs × ${KEYS} metric keys (${count} keys): ${keys}`);
  const prefixed = await timed(() => store.experimentKeys({ experimentId, prefix: 'layer_42', maxResults: 50_000 }));
  console.log(`${name}: experimentKeys prefix=layer_42: ${prefixed}`);
  const columns = { params: ['lr'], tags: ['team'], metrics: Array.from({ length: 10 }, (_, i) => `layer_${String(i * 450).padStart(4, '0')}/grad_norm`) };
  const page = await timed(() =>
    store.searchRunColumns({ experimentIds: [experimentId], orderBy: parseRunOrderBy(['metrics.`layer_0450/grad_norm` DESC']), viewType: 'ACTIVE_ONLY', maxResults: 200 }, columns),
  );
  console.log(`${name}: searchRunColumns 200 runs × 12 columns, sorted by a metric: ${page}`);
}

async function onStore(store: MetadataStore, run: (sqlText: string) => Promise<void>, name: string): Promise<void> {
  const ids: string[] = [];
  for (const e of ['keys-a', 'keys-b']) ids.push(await store.createExperiment({ name: e, artifactLocation: (id) => `x:/${id}`, tags: [], creationTime: 1 }));
  const start = performance.now();
  for (const [i, id] of ids.entries()) {
    for (const statement of seedStatements(id, name === 'PostgreSQL' ? 'pg' : 'sqlite', i === 0 ? RUNS : Math.ceil(RUNS / 10))) await run(statement);
  }
  // What autovacuum does after a bulk load on PostgreSQL: the visibility map lets index-only scans skip the heap.
  await run(name === 'PostgreSQL' ? 'VACUUM ANALYZE' : 'ANALYZE');
  console.log(`${name}: seeded ${(1.1 * RUNS * KEYS).toLocaleString('en-GB')} latest values in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  await measure(name, store, ids[0] ?? '');
}

const dir = await mkdtemp(join(tmpdir(), 'strata-bench-keys-'));
try {
  if (process.argv.includes('--postgres-only')) throw new SkipSqlite();
  const file = join(dir, 'keys.db');
  const store = await openStore(`sqlite:///${file}`, OPTIONS);
  const raw = new Database(file);
  try {
    await onStore(store, async (text) => void raw.exec(text), 'SQLite');
  } finally {
    raw.close();
    await store.close();
  }
} catch (error) {
  if (!(error instanceof SkipSqlite)) throw error;
} finally {
  await rm(dir, { recursive: true, force: true });
}

const server = await postgresTestServer();
if ('skip' in server) console.log(`PostgreSQL: skipped (${server.skip})`);
else {
  try {
    const schema = await server.freshSchema();
    const store = await openStore(server.url, { ...OPTIONS, postgresSchema: schema });
    const client = new pg.Client({ connectionString: withSearchPath(server.url, schema) });
    await client.connect();
    try {
      await onStore(store, async (text) => void (await client.query(text)), 'PostgreSQL');
    } finally {
      await client.end();
      await store.close();
    }
  } finally {
    await server.close();
  }
}

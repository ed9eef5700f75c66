// Lineage benchmark: a registry of 10,000 model versions over 100,000 runs (seeded through
// the store, see lib/seed-lineage.ts), served by a real `strata server` process; times
// GET /api/strata/v1/lineage over HTTP (target ≤ 50 ms):
//   - up from a version by alias (version → run → dataset, code → parent → grandparent),
//   - up from a version by number,
//   - down from a dataset digest used by ~10 runs (→ runs → their model versions, child runs),
//   - down from a git commit used by ~100 runs.
// Each query starts from a different model/digest/commit each time, so no one row stays hot.
//
//   node --import tsx bench/lineage.ts [--runs 100000] [--versions 10000] [--queries 300] [--backend-store-uri URI] [--keep DIR]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { spawnServerProcess } from '../test/helpers/spawn-server-process.js';
import { JsonHttp } from './lib/json-http.js';
import { commitOf, digestOf, modelName, seedLineage, VERSIONS_PER_MODEL } from './lib/seed-lineage.js';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    versions: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '300' },
    'backend-store-uri': { type: 'string' },
    keep: { type: 'string' },
  },
});
const RUNS = Number(opts.runs);
const VERSIONS = Number(opts.versions);
const QUERIES = Number(opts.queries);
const MODELS = Math.ceil(VERSIONS / VERSIONS_PER_MODEL);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Case {
  name: string;
  query: (i: number) => string;
}

const CASES: Case[] = [
  { name: 'up from models:/m@champion, depth 5', query: (i) => `uri=${encodeURIComponent(`models:/${modelName((i * 7919) % MODELS)}@champion`)}` },
  { name: 'up from models:/m/3, depth 5', query: (i) => `uri=${encodeURIComponent(`models:/${modelName((i * 104729) % MODELS)}/3`)}` },
  { name: 'down from dataset:<digest> (~10 runs)', query: (i) => `uri=dataset:${digestOf((i * 613) % Math.floor(RUNS / 10))}&direction=down` },
  { name: 'down from git:<commit> (~100 runs)', query: (i) => `uri=git:${commitOf((i * 31) % 1000)}&direction=down&depth=2` },
];

async function timeCase(http: JsonHttp, c: Case): Promise<string> {
  const sizes: number[] = [];
  for (let i = 0; i < 20; i++) await http.get(`/api/strata/v1/lineage?${c.query(i + 10_000)}`); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    const graph = await http.get<{ nodes: unknown[]; edges: unknown[] }>(`/api/strata/v1/lineage?${c.query(i)}`);
    ms.push(performance.now() - started);
    sizes.push(graph.nodes.length);
  }
  ms.sort((a, b) => a - b);
  const avgNodes = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const verdict = percentile(ms, 95) <= 50 ? 'ok' : 'OVER TARGET';
  return `  ${c.name}: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms, ~${avgNodes.toFixed(0)} nodes (target ≤ 50 ms: ${verdict})`;
}

/**
 * A bulk seed leaves PostgreSQL without planner statistics until autovacuum gets to it (and
 * some test servers run with autovacuum off): measure the steady state, as production sees it.
 */
async function analyze(uri: string): Promise<void> {
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const dir = opts.keep ?? mkdtempSync(join(tmpdir(), 'strata-lineage-bench-'));
  mkdirSync(dir, { recursive: true });
  const backend = opts['backend-store-uri'] ?? `sqlite:///${join(dir, 'strata.db')}`;
  console.log(`backend: ${backend.replace(/:[^:@/]*@/, ':***@')}; ${RUNS} runs, ${VERSIONS} versions, ${QUERIES} queries per case`);
  const seed = await seedLineage(backend, RUNS, VERSIONS);
  console.log(seed.seeded ? `seeded in ${seed.seconds.toFixed(1)} s` : 'reusing the seeded database');
  if (seed.seeded && backend.startsWith('postgres')) await analyze(backend);
  const server = await spawnServerProcess(['--backend-store-uri', backend, '--default-artifact-root', join(dir, 'artifacts')]);
  const http = new JsonHttp(server.url, 1);
  try {
    for (const c of CASES) console.log(await timeCase(http, c));
  } finally {
    http.close();
    server.kill('SIGTERM');
    await server.exited;
    if (!opts.keep && !opts['backend-store-uri']) rmSync(dir, { recursive: true, force: true });
  }
}

await main();

// What authentication costs per request: runs/search and log-batch (100 points) against one
// server (SQLite, auth on), alternating rounds of HTTP Basic (argon2id verified once, then
// cached), Bearer token and — as the baseline — a second server with auth off. One client,
// sequential requests, so the figures are latency-bound CPU cost, not throughput under load.
//   node --import tsx bench/authentication.ts [SECONDS_PER_ROUND=3] [ROUNDS=3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server/main.js';
import { resolveServerConfig } from '../src/server/config.js';

const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'strata-auth-bench-'));
const config = (name: string, firstAdmin?: { username: string; password: string }) => ({
  ...resolveServerConfig({ port: 0, backendStoreUri: `sqlite:///${dir}/${name}.db`, artifactsDestination: join(dir, name) }, {}, dir),
  ...(firstAdmin ? { firstAdmin } : {}),
});
const secured = await startServer(config('secured', { username: 'admin', password: 'bench-password' }));
const open = await startServer(config('open'));
const basic = `Basic ${Buffer.from('admin:bench-password').toString('base64')}`;

async function post(url: string, path: string, body: unknown, authorization?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

const token = ((await post(secured.url, '/api/strata/v1/auth/tokens/create', { name: 'bench' }, basic)) as { token: string }).token;

async function prepare(url: string, name: string, authorization?: string) {
  const experiment = (await post(url, '/api/2.0/mlflow/experiments/create', { name: `bench ${name}` }, authorization)).experiment_id as string;
  const run = ((await post(url, '/api/2.0/mlflow/runs/create', { experiment_id: experiment }, authorization)).run as { info: { run_id: string } }).info.run_id;
  return { experiment, run };
}

const targets = [
  { name: 'auth off', url: open.url, authorization: undefined },
  { name: 'Basic (cached)', url: secured.url, authorization: basic },
  { name: 'Bearer token', url: secured.url, authorization: `Bearer ${token}` },
];
const ids = new Map<string, { experiment: string; run: string }>();
for (const target of targets) ids.set(target.name, await prepare(target.url, target.name, target.authorization));

async function measure(target: (typeof targets)[number], kind: 'search' | 'log-batch'): Promise<number> {
  const { experiment, run } = ids.get(target.name)!;
  let count = 0;
  let step = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (kind === 'search') await post(target.url, '/api/2.0/mlflow/runs/search', { experiment_ids: [experiment], max_results: 10 }, target.authorization);
    else {
      const metrics = Array.from({ length: 100 }, (_, i) => ({ key: `m${i % 5}`, value: i, timestamp: 1, step: step++ }));
      await post(target.url, '/api/2.0/mlflow/runs/log-batch', { run_id: run, metrics }, target.authorization);
    }
    count++;
  }
  return count / seconds;
}

const results = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const kind of ['search', 'log-batch'] as const) {
    for (const target of targets) {
      const key = `${kind} ${target.name}`;
      results.set(key, [...(results.get(key) ?? []), await measure(target, kind)]);
    }
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
for (const kind of ['search', 'log-batch']) {
  const base = median(results.get(`${kind} auth off`) ?? []);
  for (const target of targets) {
    const value = median(results.get(`${kind} ${target.name}`) ?? []);
    console.log(`${kind.padEnd(9)} ${target.name.padEnd(15)} ${value.toFixed(0).padStart(6)} req/s (median of ${rounds})  ${((value / base - 1) * 100).toFixed(1).padStart(6)}% vs auth off`);
  }
}
await secured.close();
await open.close();
rmSync(dir, { recursive: true, force: true });

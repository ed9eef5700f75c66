// Authorization overhead: runs/log-batch and runs/search throughput with auth on (the test
// suite's token authenticator, a user holding an editor grant, no default role, so every request
// is checked against grants) versus auth off, in one process, same build, same kind of store.
// Requests alternate between the two servers (paired), so drift and other load hit both alike;
// the figure is the median over rounds of each server's mean latency.
//
//   node --import tsx bench/auth-overhead.ts [--rounds 5] [--seconds 3] [--concurrency 4] [--on-first] [--control]
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OPEN_PRINCIPAL } from '../src/core/auth/principal.js';
import { startServer, type RunningServer } from '../src/server/main.js';
import { fakeAuthenticator } from '../test/helpers/fake-authenticator.js';

const API = '/api/2.0/mlflow';
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
    // Which server is built first (its store is created while the process is colder).
    'on-first': { type: 'boolean', default: false },
    // Calibration: the "auth on" server runs with auth off too, so any difference is the setup's, not the check's.
    control: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const SECONDS = Number(opts.seconds);
const CONCURRENCY = Number(opts.concurrency);

class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly url: URL;
  constructor(base: string, private readonly authorization?: string) {
    this.url = new URL(base);
  }
  post(path: string, body: unknown): Promise<{ status: number; text: string }> {
    const payload = JSON.stringify(body);
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    if (this.authorization) headers.authorization = this.authorization;
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.url.hostname, port: Number(this.url.port), method: 'POST', path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
  async json<T>(path: string, body: unknown): Promise<T> {
    const res = await this.post(path, body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
    return JSON.parse(res.text) as T;
  }
}

interface Target {
  name: 'auth off' | 'auth on';
  server: RunningServer;
  client: Client;
  runIds: string[];
  experimentId: string;
  dir: string;
}

async function setUp(name: Target['name']): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-auth-bench-'));
  const authOn = name === 'auth on' && !opts.control;
  const server = await startServer(
    {
      host: '127.0.0.1', port: 0, backendStoreUri: `sqlite:///${join(dir, 'strata.db')}`, artifactsDestination: join(dir, 'artifacts'), serveArtifacts: true,
      ...(authOn ? { defaultPermission: 'none' as const } : {}),
    },
    authOn ? { authenticator: fakeAuthenticator } : {},
  );
  // The owner creates the experiment; the benchmarked user only holds an editor grant on it.
  const owner = new Client(server.url, authOn ? 'Bearer test-user:owner' : undefined);
  const client = new Client(server.url, authOn ? 'Bearer test-user:bench' : undefined);
  const { experiment_id: experimentId } = await owner.json<{ experiment_id: string }>(`${API}/experiments/create`, { name: 'auth-bench' });
  if (authOn) {
    // MLflow's permissions API grants to existing users only: the fake authenticator's name needs a row.
    await server.identity.users.createUnchecked(OPEN_PRINCIPAL, { username: 'bench', isServiceAccount: true });
    await owner.json(`${API}/experiments/permissions/create`, { experiment_id: experimentId, username: 'bench', permission: 'EDIT' });
  }
  const runIds: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const run = await client.json<{ run: { info: { run_id: string } } }>(`${API}/runs/create`, { experiment_id: experimentId, start_time: Date.now() });
    runIds.push(run.run.info.run_id);
    await client.json(`${API}/runs/log-batch`, { run_id: run.run.info.run_id, params: [{ key: 'lr', value: String(i % 10) }], metrics: [{ key: 'loss', value: i, timestamp: 1, step: 0 }] });
  }
  return { name, server, client, runIds, experimentId, dir };
}

/**
 * Paired measurement: each of `CONCURRENCY` workers alternates between the two servers request
 * by request for `seconds`, so both see the same machine load at the same moments (this host is
 * shared: rounds measured one after the other drift by tens of percent). Returns the mean
 * latency per server, in ms.
 */
async function paired(targets: readonly Target[], send: (t: Target, i: number) => Promise<void>): Promise<Map<Target, number>> {
  const deadline = performance.now() + SECONDS * 1000;
  const total = new Map<Target, { ms: number; n: number }>(targets.map((t) => [t, { ms: 0, n: 0 }]));
  const worker = async (w: number) => {
    for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
      // Which goes first alternates too.
      const order = (i / CONCURRENCY) % 2 < 1 ? targets : [...targets].reverse();
      for (const t of order) {
        const t0 = performance.now();
        await send(t, i);
        const sum = total.get(t)!;
        sum.ms += performance.now() - t0;
        sum.n++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return new Map([...total].map(([t, { ms, n }]) => [t, ms / n]));
}

const logBatch = async (t: Target, i: number) => {
  const runId = t.runIds[i % t.runIds.length]!;
  const metrics = Array.from({ length: 10 }, (_, k) => ({ key: `m${k}`, value: i * k, timestamp: Date.now(), step: i }));
  const res = await t.client.post(`${API}/runs/log-batch`, { run_id: runId, metrics });
  if (res.status !== 200) throw new Error(`log-batch: ${res.status} ${res.text}`);
};

const searchRuns = async (t: Target) => {
  const res = await t.client.post(`${API}/runs/search`, { experiment_ids: [t.experimentId], filter: 'params.lr = "3"', max_results: 50 });
  if (res.status !== 200) throw new Error(`runs/search: ${res.status} ${res.text}`);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const targets = opts['on-first'] ? [await setUp('auth on'), await setUp('auth off')] : [await setUp('auth off'), await setUp('auth on')];
const results = new Map<string, number[]>();
const record = (key: string, value: number) => results.set(key, [...(results.get(key) ?? []), value]);
try {
  await paired(targets, logBatch); // warm-up
  await paired(targets, searchRuns);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [t, ms] of await paired(targets, logBatch)) record(`log-batch ${t.name}`, ms);
    for (const [t, ms] of await paired(targets, searchRuns)) record(`search ${t.name}`, ms);
  }
  console.log(`${opts.control ? 'CONTROL (both servers auth off): ' : ''}rounds ${ROUNDS} x ${SECONDS}s, ${CONCURRENCY} workers alternating servers, SQLite file stores, 1,000 runs, built ${targets.map((t) => t.name).join(' then ')}`);
  for (const work of ['log-batch', 'search']) {
    const off = median(results.get(`${work} auth off`)!);
    const on = median(results.get(`${work} auth on`)!);
    const overhead = ((on - off) / off) * 100;
    console.log(
      `  ${work.padEnd(9)}  auth off ${off.toFixed(2)} ms (${((1000 / off) * CONCURRENCY).toFixed(0)} req/s)   ` +
        `auth on ${on.toFixed(2)} ms (${((1000 / on) * CONCURRENCY).toFixed(0)} req/s)   overhead ${overhead.toFixed(1)}% (target <= 5%)`,
    );
  }
  // The check itself, without HTTP: robust to the host's load, unlike the throughput figures.
  const on = targets.find((t) => t.name === 'auth on');
  const authorization = on?.server.authorization;
  if (on && authorization) {
    const bench = { kind: 'user', userId: 'id-bench', username: 'bench', admin: false, serviceAccount: false, groups: [], via: 'password' } as const;
    const timePerCall = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 2000; i++) await fn();
      const n = 20_000;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await fn();
      return ((performance.now() - t0) / n) * 1000;
    };
    const check = await timePerCall(() => authorization.check(bench, { kind: 'run', runId: on.runIds[0]! }, 'editor'));
    const readable = await timePerCall(() => authorization.readable(bench, 'experiment'));
    console.log(`  per request: run permission check ${check.toFixed(1)} µs, readable set ${readable.toFixed(1)} µs`);
  }
} finally {
  for (const t of targets) {
    await t.server.close();
    rmSync(t.dir, { recursive: true, force: true });
  }
}

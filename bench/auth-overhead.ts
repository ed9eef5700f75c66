// Authorization overhead: runs/log-batch and runs/search throughput with auth on (the test
// suite's token authenticator, a user holding an editor grant, no default role, so every request
// is checked against grants) versus auth off, in one process, same build, same kind of store.
// Rounds alternate off/on so drift (CPU frequency, other load) hits both alike.
//
//   node --import tsx bench/auth-overhead.ts [--rounds 5] [--seconds 3] [--concurrency 4] [--on-first]
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
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
  const authOn = name === 'auth on';
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

/** Requests per second for `seconds`, `CONCURRENCY` workers each sending one request at a time. */
async function throughput(send: (i: number) => Promise<void>): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let count = 0;
  const worker = async (w: number) => {
    for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
      await send(i);
      count++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return count / ((performance.now() - t0) / 1000);
}

const logBatch = (t: Target) =>
  throughput(async (i) => {
    const runId = t.runIds[i % t.runIds.length]!;
    const metrics = Array.from({ length: 10 }, (_, k) => ({ key: `m${k}`, value: i * k, timestamp: Date.now(), step: i }));
    const res = await t.client.post(`${API}/runs/log-batch`, { run_id: runId, metrics });
    if (res.status !== 200) throw new Error(`log-batch: ${res.status} ${res.text}`);
  });

const searchRuns = (t: Target) =>
  throughput(async () => {
    const res = await t.client.post(`${API}/runs/search`, { experiment_ids: [t.experimentId], filter: 'params.lr = "3"', max_results: 50 });
    if (res.status !== 200) throw new Error(`runs/search: ${res.status} ${res.text}`);
  });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const targets = opts['on-first'] ? [await setUp('auth on'), await setUp('auth off')] : [await setUp('auth off'), await setUp('auth on')];
const results = new Map<string, number[]>();
const record = (key: string, value: number) => results.set(key, [...(results.get(key) ?? []), value]);
try {
  for (const t of targets) {
    await logBatch(t); // warm-up
    await searchRuns(t);
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first so neither always runs on a warmer machine.
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) record(`log-batch ${t.name}`, await logBatch(t));
    for (const t of order) record(`search ${t.name}`, await searchRuns(t));
  }
  console.log(`rounds ${ROUNDS} x ${SECONDS}s, concurrency ${CONCURRENCY}, SQLite file store, 1,000 runs`);
  for (const work of ['log-batch', 'search']) {
    const off = median(results.get(`${work} auth off`)!);
    const on = median(results.get(`${work} auth on`)!);
    const overhead = ((off - on) / off) * 100;
    console.log(`  ${work.padEnd(9)}  auth off ${off.toFixed(0)} req/s   auth on ${on.toFixed(0)} req/s   overhead ${overhead.toFixed(1)}% (target <= 5%)`);
  }
} finally {
  for (const t of targets) {
    await t.server.close();
    rmSync(t.dir, { recursive: true, force: true });
  }
}

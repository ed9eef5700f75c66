// Authorization overhead (issue 13: auth adds ≤ 5% to runs/log-batch and runs/search
// throughput): one run starts `strata server` processes on stores seeded alike, one with auth
// off (no users), one with auth on (default permission `none`, so every request is checked
// against grants), and with --before a third with auth on and the per-replica grant cache off
// (STRATA_GRANT_FRESHNESS_MS=0: every check reads the database, as before the cache), and sends
// each the payloads MLflow's client sends: log-batch of 1,000 metrics; runs/search with a
// filter, run_view_type and max_results 1000. Auth on is a token user with an editor grant, no admin.
//
// Throughput at saturation: `--concurrency` requests in flight (default 12) for `--seconds` per
// segment (default 3), requests/s counted. The machine is shared, so the servers take turns in
// many short rounds (the order rotates every round) and the figure is the median over rounds of
// the on/off ratio, with a 95% interval: load that comes and goes hits both sides of a round
// alike. Besides throughput, the server process's own CPU per request (/proc/<pid>/schedstat,
// including the background work the requests left), which other processes' load blurs much less.
// `--seconds 0` sends a fixed `--batches`/`--searches` per segment instead (the older bench).
// `--control` gives the "auth on" servers no users either: the bench's own noise floor.
//
//   node --import tsx bench/auth-overhead.ts [--rounds 10] [--seconds 3] [--concurrency 12] [--before]
//        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--control] [--cpu-prof DIR]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { FastifyRequest } from 'fastify';
import { AuthorizationService } from '../src/core/auth/authorization-service.js';
import { systemClock } from '../src/core/ports/clock.js';
import { createIdentity } from '../src/server/auth/wire-identity.js';
import { openStore } from '../src/store/create-store.js';
import { JsonHttp } from './lib/json-http.js';
import { seedAuthBench, type SeedPlan, type Seeded } from './lib/seed-auth-bench.js';

const API = '/api/2.0/mlflow';
const BIN = fileURLToPath(new URL('../bin/strata.js', import.meta.url));
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    'warm-up': { type: 'string', default: '2' },
    /** Seconds per segment (one workload on one server); 0: a fixed count of requests instead. */
    seconds: { type: 'string', default: '3' },
    /** Requests per server per round, when --seconds 0. */
    batches: { type: 'string', default: '12' },
    searches: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '12' },
    /** Also a server with auth on and the grant cache off (every check reads the database). */
    before: { type: 'boolean', default: false },
    postgres: { type: 'string' },
    /** Calibration: the "auth on" server has no users either, so any difference is the setup's. */
    control: { type: 'boolean', default: false },
    /** Write each server's CPU profile (node --cpu-prof) into this folder. */
    'cpu-prof': { type: 'string' },
    filter: { type: 'string', default: "params.optimizer = 'adam' and metrics.accuracy > 0.5" },
  },
});
const CONCURRENCY = Number(opts.concurrency);
const SECONDS = Number(opts.seconds);
const PLAN: SeedPlan = { otherExperiments: 20, grantedExperiments: 2000, searchRuns: 2000, batchRuns: 50, otherUsers: 200 };
const METRICS_PER_BATCH = 1000;
const KEYS_PER_BATCH = 20;

type TargetName = 'auth off' | 'auth on' | 'auth on, uncached';

interface Target {
  name: TargetName;
  child: ChildProcess;
  http: JsonHttp;
  seeded: Seeded;
  batchesSent: number;
  backendUri: string;
  drop: () => Promise<void>;
}

/** A fresh store per target: a SQLite file, or a database of its own on the PostgreSQL server. */
async function createBackend(name: string, dir: string): Promise<{ uri: string; drop: () => Promise<void> }> {
  if (opts.postgres === undefined) return { uri: `sqlite:///${join(dir, `${name}.db`)}`, drop: async () => {} };
  const database = `strata_auth_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: opts.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const uri = new URL(opts.postgres);
  uri.pathname = `/${database}`;
  return {
    uri: uri.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: opts.postgres });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}

function startServer(args: string[], env: NodeJS.ProcessEnv, profileDir?: string): Promise<{ child: ChildProcess; url: string }> {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = spawn(process.execPath, [...profile, BIN, 'server', '--host', '127.0.0.1', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) resolve({ child, url: match[0] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function setUp(name: TargetName, dir: string, slug: string): Promise<Target> {
  const auth = name !== 'auth off' && !opts.control;
  const backend = await createBackend(slug, dir);
  const seeded = await seedAuthBench(backend.uri, PLAN, auth);
  const { child, url } = await startServer(
    ['--backend-store-uri', backend.uri, '--artifacts-destination', join(dir, `${slug}-artifacts`), ...(auth ? ['--default-permission', 'none'] : [])],
    name === 'auth on, uncached' ? { STRATA_GRANT_FRESHNESS_MS: '0' } : {},
    opts['cpu-prof'],
  );
  const headers: Record<string, string> = seeded.authorization === undefined ? {} : { authorization: seeded.authorization };
  return { name, child, http: new JsonHttp(url, CONCURRENCY, headers), seeded, batchesSent: 0, backendUri: backend.uri, drop: backend.drop };
}

/** Nanoseconds the process has run on a CPU (Linux). */
function cpuNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

async function send(t: Target, path: string, body: unknown): Promise<void> {
  const res = await t.http.request('POST', `${API}/${path}`, body);
  if (res.status !== 200) throw new Error(`${t.name} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
}

/** As MLflow's client sends log_batch: run_id and metrics (empty params and tags left out). */
function logBatch(t: Target): Promise<void> {
  const n = t.batchesSent++;
  const runId = t.seeded.batchRunIds[n % t.seeded.batchRunIds.length]!;
  const firstStep = Math.floor(n / t.seeded.batchRunIds.length) * (METRICS_PER_BATCH / KEYS_PER_BATCH);
  const metrics = Array.from({ length: METRICS_PER_BATCH }, (_, i) => ({
    key: `metric_${i % KEYS_PER_BATCH}`,
    value: Math.sin(n + i),
    timestamp: 1_700_000_000_000 + n * 1000 + i,
    step: firstStep + Math.floor(i / KEYS_PER_BATCH),
  }));
  return send(t, 'runs/log-batch', { run_id: runId, metrics });
}

/** As MlflowClient.search_runs sends it (order_by and page_token empty, so left out). */
function searchRuns(t: Target): Promise<void> {
  return send(t, 'runs/search', { experiment_ids: [t.seeded.experimentId], filter: opts.filter, run_view_type: 'ACTIVE_ONLY', max_results: 1000 });
}

interface Sample {
  /** Requests answered per second of wall time (at concurrency 1: the inverse of the latency). */
  perSecond: number;
  /** Server CPU per request, ms. */
  cpuMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server is idle (under 2 ms of CPU in 100 ms): after log-batch the metric
 * roll-up builder works in the background, and its timing-dependent cost must neither land in
 * the next segment nor differ between the servers by when it happened to run.
 */
async function settle(t: Target, maxMs: number): Promise<void> {
  const pid = t.child.pid!;
  const deadline = performance.now() + maxMs;
  let before = cpuNs(pid);
  while (performance.now() < deadline) {
    await sleep(100);
    const now = cpuNs(pid);
    if (now - before < 2e6) return;
    before = now;
  }
}

/**
 * One server kept busy with `CONCURRENCY` requests in flight, for SECONDS (or, with SECONDS 0,
 * for `count` requests): requests answered per second, and the server's CPU per request
 * including the background work the requests left (until it is idle).
 */
async function segment(t: Target, count: number, call: (t: Target) => Promise<void>): Promise<Sample> {
  const cpu0 = cpuNs(t.child.pid!);
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  let started = 0;
  let answered = 0;
  const more = () => (SECONDS > 0 ? performance.now() < end : started < count);
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (more()) {
      started += 1;
      await call(t);
      answered += 1;
    }
  }));
  const wallMs = performance.now() - t0;
  await settle(t, 5000);
  return { perSecond: (answered * 1000) / wallMs, cpuMs: (cpuNs(t.child.pid!) - cpu0) / 1e6 / answered };
}

/**
 * The auth-on work alone, in this process against the auth-on store: what each request pays to
 * authenticate (its token cached), to check a run's experiment, and for a readable set. CPU microseconds per call.
 */
async function perCall(t: Target): Promise<Record<string, number>> {
  const store = await openStore(t.backendUri, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  try {
    const { authenticator } = createIdentity(store, systemClock);
    const authorization = new AuthorizationService({ store, clock: systemClock, defaultRole: 'none' });
    const request = {
      headers: { authorization: t.seeded.authorization }, url: `${API}/runs/log-batch`, method: 'POST', ip: '127.0.0.1',
      routeOptions: { config: { inRouteTable: true } },
    } as unknown as FastifyRequest;
    const principal = await authenticator.authenticate(request);
    const target = { kind: 'run', runId: t.seeded.batchRunIds[0]! } as const;
    // CPU time of this process, not wall time: other processes' load stretches the latter.
    const time = async (call: () => Promise<unknown>) => {
      for (let i = 0; i < 500; i++) await call();
      const n = 5000;
      const cpu = process.cpuUsage();
      for (let i = 0; i < n; i++) await call();
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / n;
    };
    return {
      'authenticate (token cached)': await time(() => authenticator.authenticate(request)),
      "check editor on a run's experiment (grants cached)": await time(() => authorization.check(principal, target, 'editor')),
      "a search's experiment readable (set cached)": await time(() => authorization.readableExperiments(principal, [t.seeded.experimentId])),
      'readable experiments (read afresh, as listings do)': await time(() => authorization.readable(principal, 'experiment')),
    };
  } finally {
    await store.close();
  }
}

/**
 * The share of a server's CPU samples (node --cpu-prof, main thread) spent in authentication and
 * authorization code: frames from src/server/auth/ and src/core/auth/, with what they call
 * (hashing, SQLite reads; PostgreSQL's answers arrive on other stacks and are not counted). A
 * ratio of samples of one process, so other processes' load barely moves it, unlike wall time.
 */
function authShare(profileDir: string, pid: number): string {
  const file = readdirSync(profileDir).find((f) => f.includes(`.${pid}.0.`) && f.endsWith('.cpuprofile'));
  if (file === undefined) return 'no profile';
  interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const parent = new Map<number, ProfileNode>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n);
  const isAuth = (n: ProfileNode) => /\/(server|core)\/auth\//.test(n.callFrame.url);
  let busy = 0;
  let auth = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    for (let n: ProfileNode | undefined = node; n !== undefined; n = parent.get(n.id)) {
      if (isAuth(n)) {
        auth += dt;
        break;
      }
    }
  });
  return `${((100 * auth) / busy).toFixed(2)}% of ${(busy / 1e6).toFixed(1)} s`;
}

const quantile = (xs: readonly number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (at - lo);
};
/** A 95% interval of the median of `xs`, by resampling them (a fixed seed: runs stay comparable). */
function medianInterval(xs: readonly number[]): [number, number] {
  let seed = 13;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const medians = Array.from({ length: 2000 }, () => quantile(xs.map(() => xs[Math.floor(random() * xs.length)]!), 0.5));
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}
const pct = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;

const dir = mkdtempSync(join(tmpdir(), 'strata-auth-bench-'));
const startLoad = loadavg()[0]!;
const targets: Target[] = [];
try {
  targets.push(await setUp('auth off', dir, 'off'), await setUp('auth on', dir, 'on'));
  if (opts.before) targets.push(await setUp('auth on, uncached', dir, 'before'));
  const off = targets[0]!;
  // The roll-up builder's sweep at start reads every seeded series.
  for (const t of targets) await settle(t, 120_000);
  const work = [
    { name: 'log-batch', count: Number(opts.batches), call: logBatch },
    { name: 'runs/search', count: Number(opts.searches), call: searchRuns },
  ];
  const samples = new Map<string, Array<Map<Target, Sample>>>(work.map((w) => [w.name, []]));
  const warmUp = Number(opts['warm-up']);
  for (let round = 0; round < warmUp + Number(opts.rounds); round++) {
    for (const w of work) {
      // The order rotates, and reverses every other round: each server runs first, last and between alike.
      const rotated = targets.map((_, i) => targets[(i + round) % targets.length]!);
      const order = Math.floor(round / targets.length) % 2 === 0 ? rotated : rotated.reverse();
      const got = new Map<Target, Sample>();
      for (const t of order) got.set(t, await segment(t, w.count, w.call));
      if (round >= warmUp) samples.get(w.name)!.push(got);
    }
  }
  const store = opts.postgres === undefined ? 'SQLite files' : 'PostgreSQL databases';
  const per = SECONDS > 0 ? `${SECONDS} s per server and workload per round` : `${opts.batches} log-batch + ${opts.searches} runs/search per server per round`;
  console.log(
    `${opts.control ? 'CONTROL (all servers auth off): ' : ''}${opts.rounds} rounds (+${warmUp} warm-up), order rotating, ${per}, ` +
      `${CONCURRENCY} requests in flight, log-batch of ${METRICS_PER_BATCH} metrics, ${store}; ` +
      `load average ${startLoad.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`,
  );
  console.log(`runs/search: ${PLAN.searchRuns} runs, filter ${opts.filter}, max_results 1000`);
  for (const w of work) {
    const rounds = samples.get(w.name)!;
    for (const t of targets.slice(1)) {
      const label = opts.control ? `${t.name} (no users)` : t.name;
      const throughput = rounds.map((r) => r.get(t)!.perSecond / r.get(off)!.perSecond);
      const cpu = rounds.map((r) => r.get(t)!.cpuMs / r.get(off)!.cpuMs);
      const median = (side: Target, kind: keyof Sample) => quantile(rounds.map((r) => r.get(side)![kind]), 0.5);
      const spread = (ratios: number[]) =>
        `median ${pct(quantile(ratios, 0.5))} (95% interval ${medianInterval(ratios).map(pct).join(' … ')}; quartiles ${pct(quantile(ratios, 0.25))} … ${pct(quantile(ratios, 0.75))})`;
      console.log(`  ${w.name.padEnd(11)} ${label.padEnd(18)} throughput ${median(off, 'perSecond').toFixed(1)} → ${median(t, 'perSecond').toFixed(1)} req/s, ${t.name}/off ${spread(throughput)}`);
      console.log(`  ${''.padEnd(11)} ${''.padEnd(18)} server CPU ${median(off, 'cpuMs').toFixed(2)} → ${median(t, 'cpuMs').toFixed(2)} ms/req, ${t.name}/off ${spread(cpu)}`);
    }
  }
  if (!opts.control) {
    const micro = await perCall(targets[1]!);
    console.log(`  CPU per call, in process (${PLAN.otherUsers + 2} users, ${PLAN.otherExperiments + PLAN.grantedExperiments + 4} grants): ${Object.entries(micro).map(([k, us]) => `${k} ${us.toFixed(0)} µs`).join(', ')}`);
  }
} finally {
  for (const t of targets) {
    t.http.close();
    const exited = new Promise((resolve) => t.child.once('exit', resolve));
    t.child.kill('SIGTERM');
    await exited;
    await t.drop();
  }
  rmSync(dir, { recursive: true, force: true });
}
const profiles = opts['cpu-prof'];
if (profiles !== undefined) {
  // Written as the servers exit. Includes start-up (module loading), the same for every server.
  console.log(`  server CPU in auth code (cpu profiles, whole run): ${targets.map((t) => `${t.name} ${authShare(profiles, t.child.pid!)}`).join('; ')}`);
}

// Metric envelope benchmark (issue 12): the envelope of a 10,000,000-point series, the compare
// page's 2,000-series request, and ingest throughput against the code before the envelope
// branch, run side by side.
//
//   node --import tsx bench/metric-envelope.ts [--points 10000000] [--rounds 7]
//        [--postgres postgresql://…]   also run the envelope part on PostgreSQL (a fresh schema)
//        [--base /tmp/envelope-base]   a checkout of the code before (git worktree add … 26c76d8)
//        [--skip-ingest] [--skip-envelope] [--skip-compare]
//
// The long series and the compare page's runs are written through the store (logMetrics in
// 10,000-point calls, as log-batch writes them), not over HTTP: 30 million points over HTTP
// would take most of the time. Envelopes are asked for over HTTP from an in-process server.
// Ingest A/B: one `strata server` process per checkout on a fresh SQLite file, driven over
// HTTP as MLflow's client sends (log-batch of 1,000 points; log-metric one point per call),
// alternating A/B/A/B so load on the machine falls on both alike.
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { MetricEnvelopeResponse } from '../src/api/strata-v1.js';
import type { Metric } from '../src/core/entities.js';
import type { MetadataStore } from '../src/core/ports/metadata-store.js';
import { startServer, type RunningServer, type StartServerOptions } from '../src/server/main.js';
import { openStore } from '../src/store/create-store.js';
import { spawnServerProcess } from '../test/helpers/spawn-server-process.js';
import { JsonHttp } from './lib/json-http.js';

const { values: opts } = parseArgs({
  options: {
    points: { type: 'string', default: '10000000' },
    rounds: { type: 'string', default: '7' },
    postgres: { type: 'string' },
    base: { type: 'string', default: '/tmp/envelope-base' },
    'skip-ingest': { type: 'boolean', default: false },
    'ab-rounds': { type: 'string', default: '3' },
    'skip-http-ingest': { type: 'boolean', default: false },
    'skip-envelope': { type: 'boolean', default: false },
    'skip-compare': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const API = '/api/2.0/mlflow';
const ENVELOPE = '/api/strata/v1/metrics/envelope';
const storeOptions = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

function uptime(): string {
  return execSync('uptime').toString().trim();
}

const createdDatabases: string[] = [];

/** A fresh store: a SQLite file, or a new database on the PostgreSQL server (dropped at the end). */
async function freshStoreUri(dialect: 'sqlite' | 'postgresql', dir: string): Promise<string> {
  if (dialect === 'sqlite') return `sqlite:///${join(dir, 'envelope.db')}`;
  const name = `envelope_bench_${Date.now()}`;
  await adminQuery(`create database ${name}`);
  createdDatabases.push(name);
  const url = new URL(opts.postgres as string);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: opts.postgres as string });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function createRun(store: MetadataStore, runId: string): Promise<void> {
  await store.createRun({ runId, experimentId: '0', runName: runId, userId: 'bench', status: 'RUNNING', startTime: 1, artifactUri: `x:/${runId}`, tags: [] });
}

/** A noisy descending curve with a spike every 1,000,003 steps: the envelope must keep them. */
function pointAt(key: string, step: number): Metric {
  const spike = step % 1_000_003 === 500_000 ? 100 : 0;
  return { key, value: 1 / Math.sqrt(step + 1) + Math.sin(step) * 0.01 + spike, step, timestamp: 1_700_000_000_000 + step * 10 };
}

async function ingestSeries(store: MetadataStore, runId: string, key: string, points: number): Promise<number> {
  const [, took] = await timed(async () => {
    for (let from = 0; from < points; from += 10_000) {
      const batch: Metric[] = [];
      for (let step = from; step < Math.min(points, from + 10_000); step += 1) batch.push(pointAt(key, step));
      await store.logMetrics(runId, batch);
    }
  });
  return took;
}

async function envelopeRounds(http: JsonHttp, body: object, rounds: number): Promise<{ median: number; first: MetricEnvelopeResponse }> {
  const times: number[] = [];
  let first: MetricEnvelopeResponse | undefined;
  for (let i = 0; i < rounds; i += 1) {
    const [res, took] = await timed(() => http.post<MetricEnvelopeResponse>(ENVELOPE, body));
    first ??= res;
    times.push(took);
  }
  return { median: median(times), first: first as MetricEnvelopeResponse };
}

async function withServer<T>(uri: string, fn: (http: JsonHttp, server: RunningServer) => Promise<T>, options: StartServerOptions = {}): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-envelope-art-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, backendStoreUri: uri, artifactsDestination: dir, serveArtifacts: false }, options);
  try {
    return await fn(new JsonHttp(server.url), server);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs fn while watching the event loop: [result, ms taken, longest stall in ms]. A 1 ms timer
 * notes the longest gap between its ticks (a histogram would miss one block lasting the whole run).
 */
async function withStallWatch<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  let longest = 0;
  let last = performance.now();
  let watching = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (watching) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const [value, took] = await timed(fn);
  await new Promise((resolve) => setTimeout(resolve, 2));
  watching = false;
  return [value, took, longest];
}

/** Drops every roll-up and marks every series stale over all steps: the state migration 8 leaves, or a cold start. */
async function markAllStale(dialect: 'sqlite' | 'postgresql', uri: string): Promise<void> {
  const statements = [
    'delete from metric_rollups',
    `update latest_metrics set rollup_dirty_from = ${-Number.MAX_SAFE_INTEGER}, rollup_dirty_to = ${Number.MAX_SAFE_INTEGER}`,
  ];
  if (dialect === 'sqlite') {
    const db = new Database(uri.replace(/^sqlite:\/\/\//, ''));
    try {
      for (const text of statements) db.exec(text);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  try {
    for (const text of statements) await client.query(text);
  } finally {
    await client.end();
  }
}

async function benchLongSeries(dialect: 'sqlite' | 'postgresql'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-envelope-'));
  const uri = await freshStoreUri(dialect, dir);
  const points = Number(opts.points);
  try {
    const store = await openStore(uri, storeOptions);
    await store.migrate();
    await createRun(store, 'long');
    const ingestMs = await ingestSeries(store, 'long', 'loss', points);
    await store.close();
    console.log(`  [${dialect}] ingest of ${points.toLocaleString('en')} points through the store: ${(ingestMs / 1000).toFixed(1)} s (${Math.round(points / (ingestMs / 1000)).toLocaleString('en')} points/s)`);
    const series = [{ run_id: 'long', metric_key: 'loss' }];
    const refs = [{ runId: 'long', key: 'loss' }];
    const n = points.toLocaleString('en');
    // Before: the whole build in one transaction, as the request path did (the store, in process).
    await markAllStale(dialect, uri);
    const before = await openStore(uri, storeOptions);
    const [, oneMs, oneStall] = await withStallWatch(() => before.refreshMetricRollups(refs, { pointsPerChunk: Number.MAX_SAFE_INTEGER }));
    await before.close();
    console.log(`  [${dialect}] before: build of ${n} points in one transaction: ${ms(oneMs)}; longest event-loop stall ${ms(oneStall)}`);
    // After, request path: the first envelope builds in chunks; /health is pinged meanwhile.
    await markAllStale(dialect, uri);
    await withServer(uri, async (http) => {
      const pings: number[] = [];
      let done = false;
      const pinger = (async () => {
        while (!done) pings.push((await timed(() => http.request('GET', '/health')))[1]);
      })();
      const [, coldMs, coldStall] = await withStallWatch(() => http.post(ENVELOPE, { series, buckets: 1000 }));
      done = true;
      await pinger;
      console.log(`  [${dialect}] after: first envelope, cold (builds ${n} points in chunks): ${ms(coldMs)}; longest event-loop stall ${ms(coldStall)}; `
        + `/health answered ${pings.length} times meanwhile, slowest ${ms(Math.max(...pings))}, median ${ms(median(pings))}`);
    }, { rollupBuilder: false });
    // After, background: the builder finds the stale series at start and builds it; then the first envelope.
    await markAllStale(dialect, uri);
    await withServer(uri, async (http, server) => {
      const [, buildMs, buildStall] = await withStallWatch(() => server.rollups.idle());
      const [, firstMs] = await timed(() => http.post(ENVELOPE, { series, buckets: 1000 }));
      console.log(`  [${dialect}] after: background builder done ${ms(buildMs)} after start (${server.rollups.stats.chunksBuilt} chunks); longest event-loop stall ${ms(buildStall)}; `
        + `then the first envelope: ${ms(firstMs)}`);
    });
    await withServer(uri, async (http) => {
      for (const axis of ['step', 'timestamp'] as const) {
        const whole = await envelopeRounds(http, { series, buckets: 1000, x_axis: axis }, ROUNDS);
        const s = whole.first.series[0];
        const extent = s?.x_extent as { min: number; max: number };
        const span = extent.max - extent.min;
        const window = { x_min: extent.min + span * 0.4, x_max: extent.min + span * 0.41 };
        const zoom = await envelopeRounds(http, { series, buckets: 1000, x_axis: axis, ...window }, ROUNDS);
        console.log(`  [${dialect}] ${axis}: whole range, 1,000 buckets: ${ms(whole.median)} (${s?.buckets.count?.length} buckets, ${s?.count} points); `
          + `1% window: ${ms(zoom.median)} (${zoom.first.series[0]?.buckets.count?.length} buckets) — median of ${ROUNDS}`);
      }
      // A live run: 1,000 more points, then the envelope again (rebuilds only the new blocks).
      const store2 = await openStore(uri, storeOptions);
      const more: Metric[] = [];
      for (let step = points; step < points + 1000; step += 1) more.push(pointAt('loss', step));
      await store2.logMetrics('long', more);
      await store2.close();
      const [, liveMs] = await timed(() => http.post(ENVELOPE, { series, buckets: 1000 }));
      console.log(`  [${dialect}] envelope after 1,000 new points (refresh of the tail): ${ms(liveMs)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchCompare(dialect: 'sqlite' | 'postgresql'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-envelope-cmp-'));
  const uri = await freshStoreUri(dialect, dir);
  try {
    const store = await openStore(uri, storeOptions);
    await store.migrate();
    const [, ingestMs] = await timed(async () => {
      for (let r = 0; r < 100; r += 1) {
        await createRun(store, `run${r}`);
        for (let from = 0; from < 10_000; from += 500) {
          const batch: Metric[] = [];
          for (let m = 0; m < 20; m += 1) for (let step = from; step < from + 500; step += 1) batch.push(pointAt(`m${m}`, step + r));
          await store.logMetrics(`run${r}`, batch);
        }
      }
    });
    await store.close();
    console.log(`  [${dialect}] compare data: 100 runs × 20 metrics × 10,000 steps written in ${(ingestMs / 1000).toFixed(1)} s`);
    await withServer(uri, async (http) => {
      const series: Array<{ run_id: string; metric_key: string }> = [];
      for (let r = 0; r < 100; r += 1) for (let m = 0; m < 20; m += 1) series.push({ run_id: `run${r}`, metric_key: `m${m}` });
      const [, coldMs] = await timed(() => http.post(ENVELOPE, { series, buckets: 300 }));
      console.log(`  [${dialect}] 2,000 series × 300 buckets, first request (builds every roll-up): ${ms(coldMs)}`);
      const warm = await envelopeRounds(http, { series, buckets: 300 }, ROUNDS);
      const bytes = JSON.stringify(warm.first).length;
      console.log(`  [${dialect}] 2,000 series × 300 buckets: ${ms(warm.median)} median of ${ROUNDS} (${warm.first.series[0]?.buckets.count?.length} buckets per series, ${(bytes / 1e6).toFixed(1)} MB of JSON)`);
      // What a compare chart asks for since `fields`: the columns it draws.
      const fields = ['nan_count', 'min', 'max', 'last', 'last_x'];
      const slim = await envelopeRounds(http, { series, buckets: 300, fields }, ROUNDS);
      const slimBytes = JSON.stringify(slim.first).length;
      console.log(`  [${dialect}] 2,000 series × 300 buckets, fields ${fields.join(',')}: ${ms(slim.median)} median of ${ROUNDS} (${(slimBytes / 1e6).toFixed(1)} MB of JSON)`);
      // One compare chart: 100 runs of one metric, ~600 px wide.
      const chart = series.filter((x) => x.metric_key === 'm0');
      const one = await envelopeRounds(http, { series: chart, buckets: 600, fields }, ROUNDS);
      const oneFull = await envelopeRounds(http, { series: chart, buckets: 600 }, ROUNDS);
      console.log(`  [${dialect}] one chart, 100 series × 600 buckets: all fields ${ms(oneFull.median)}, chart fields ${ms(one.median)} (${(JSON.stringify(one.first).length / 1e6).toFixed(2)} MB)`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface IngestFigures {
  batch: number;
  metric: number;
  wide: number;
  /** Server CPU time (user + system) per 1,000 points or calls, ms: far less sensitive to other load than rates. */
  batchCpu: number;
  metricCpu: number;
  wideCpu: number;
}

/** CPU time (user + system) a process has used, ms; the server process runs SQLite in-process. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** One server process of `bin`, fresh SQLite file: log-batch points/s, log-metric calls/s, and a 100-key log-batch. */
async function ingestOnce(bin: string): Promise<IngestFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-envelope-ab-'));
  const server = await spawnServerProcess(['--backend-store-uri', `sqlite:///${join(dir, 'ab.db')}`, '--default-artifact-root', join(dir, 'artifacts')], {}, bin);
  try {
    const http = new JsonHttp(server.url);
    const runId = async () => (await http.post<{ run: { info: { run_id: string } } }>(`${API}/runs/create`, { experiment_id: '0', start_time: 1 })).run.info.run_id;
    const pid = server.child.pid as number;
    const batchRun = await runId();
    const requests = 150;
    let cpu = cpuMs(pid);
    const [, batchMs] = await timed(async () => {
      for (let r = 0; r < requests; r += 1) {
        const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'loss', value: 1 / (r * 1000 + i + 1), timestamp: 1_700_000_000_000 + r * 1000 + i, step: r * 1000 + i }));
        await http.post(`${API}/runs/log-batch`, { run_id: batchRun, metrics });
      }
    });
    const batchCpu = cpuMs(pid) - cpu;
    const wideRun = await runId();
    cpu = cpuMs(pid);
    const [, wideMs] = await timed(async () => {
      for (let r = 0; r < requests; r += 1) {
        // MLflow's log_metrics({...100 keys}, step) for 10 steps per request.
        const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i % 100}`, value: Math.random(), timestamp: 1_700_000_000_000 + r, step: r * 10 + Math.floor(i / 100) }));
        await http.post(`${API}/runs/log-batch`, { run_id: wideRun, metrics });
      }
    });
    const wideCpu = cpuMs(pid) - cpu;
    const metricRun = await runId();
    const calls = 3000;
    cpu = cpuMs(pid);
    const [, metricMs] = await timed(async () => {
      for (let i = 0; i < calls; i += 1) await http.post(`${API}/runs/log-metric`, { run_id: metricRun, key: 'acc', value: Math.random(), timestamp: Date.now(), step: i });
    });
    const metricCpu = cpuMs(pid) - cpu;
    return {
      batch: (requests * 1000) / (batchMs / 1000), metric: calls / (metricMs / 1000), wide: (requests * 1000) / (wideMs / 1000),
      batchCpu: batchCpu / requests, wideCpu: wideCpu / requests, metricCpu: (metricCpu / calls) * 1000,
    };
  } finally {
    server.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

type OpenStore = typeof openStore;

/**
 * The same writes through each checkout's own store code, in this process: no HTTP, no server
 * start, so the difference the change makes (one upsert's SET clause) is not lost in noise.
 * CPU time is this process's (SQLite runs in it).
 */
async function storeIngestOnce(open: OpenStore): Promise<{ batchCpu: number; metricCpu: number; wideCpu: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-envelope-store-ab-'));
  const store = await open(`sqlite:///${join(dir, 'ab.db')}`, storeOptions);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  try {
    await store.migrate();
    for (const id of ['batch', 'wide', 'metric']) await createRun(store, id);
    const requests = 200;
    let t = cpu();
    for (let r = 0; r < requests; r += 1) {
      await store.logMetrics('batch', Array.from({ length: 1000 }, (_, i) => ({ key: 'loss', value: 1 / (r * 1000 + i + 1), timestamp: 1_700_000_000_000 + r * 1000 + i, step: r * 1000 + i })));
    }
    const batchCpu = (cpu() - t) / requests;
    t = cpu();
    for (let r = 0; r < requests; r += 1) {
      await store.logMetrics('wide', Array.from({ length: 1000 }, (_, i) => ({ key: `k${i % 100}`, value: Math.random(), timestamp: 1_700_000_000_000 + r, step: r * 10 + Math.floor(i / 100) })));
    }
    const wideCpu = (cpu() - t) / requests;
    const calls = 5000;
    t = cpu();
    for (let i = 0; i < calls; i += 1) await store.logMetrics('metric', [{ key: 'acc', value: Math.random(), timestamp: 1_700_000_000_000 + i, step: i }]);
    const metricCpu = ((cpu() - t) / calls) * 1000;
    return { batchCpu, wideCpu, metricCpu };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchStoreIngestAB(): Promise<void> {
  const baseStore = join(opts.base as string, 'src', 'store', 'create-store.ts');
  if (!existsSync(baseStore)) {
    console.log(`  skipped: no base checkout at ${opts.base}`);
    return;
  }
  const before = ((await import(baseStore)) as { openStore: OpenStore }).openStore;
  const runs: Record<'before' | 'after', Array<{ batchCpu: number; metricCpu: number; wideCpu: number }>> = { before: [], after: [] };
  for (let round = 0; round < Number(opts['ab-rounds']) + 2; round += 1) {
    for (const [label, open] of [['before', before], ['after', openStore]] as const) runs[label].push(await storeIngestOnce(open));
  }
  for (const field of ['batchCpu', 'wideCpu', 'metricCpu'] as const) {
    const b = median(runs.before.map((f) => f[field]));
    const a = median(runs.after.map((f) => f[field]));
    const name = { batchCpu: 'logMetrics, 1,000 points of one key (CPU ms per call)', wideCpu: 'logMetrics, 1,000 points over 100 keys (CPU ms per call)', metricCpu: 'logMetrics, one point (CPU ms per 1,000 calls)' }[field];
    console.log(`  ${name}: before ${b.toFixed(2)}, after ${a.toFixed(2)} → throughput ${((b / a) * 100).toFixed(1)}% of before; `
      + `all rounds before [${runs.before.map((f) => f[field].toFixed(1)).join(', ')}], after [${runs.after.map((f) => f[field].toFixed(1)).join(', ')}]`);
  }
}

async function benchIngestAB(): Promise<void> {
  const base = opts.base as string;
  const baseBin = join(base, 'bin', 'strata.js');
  if (!existsSync(baseBin)) {
    console.log(`  ingest A/B skipped: no base checkout at ${base} (git worktree add ${base} 26c76d8; ln -s <repo>/node_modules ${base}/node_modules)`);
    return;
  }
  const ourBin = join(import.meta.dirname, '..', 'bin', 'strata.js');
  const results: Record<'before' | 'after', IngestFigures[]> = { before: [], after: [] };
  for (let round = 0; round < Number(opts['ab-rounds']); round += 1) {
    for (const [label, bin] of [['before', baseBin], ['after', ourBin]] as const) {
      const figures = await ingestOnce(bin);
      results[label].push(figures);
      console.log(`    round ${round + 1} ${label}: log-batch ${Math.round(figures.batch).toLocaleString('en')} points/s (${figures.batchCpu.toFixed(1)} CPU ms/1,000), `
        + `100-key log-batch ${Math.round(figures.wide).toLocaleString('en')} points/s (${figures.wideCpu.toFixed(1)} CPU ms/1,000), `
        + `log-metric ${Math.round(figures.metric).toLocaleString('en')} calls/s (${figures.metricCpu.toFixed(0)} CPU ms/1,000 calls)`);
    }
  }
  for (const field of ['batch', 'wide', 'metric'] as const) {
    const before = median(results.before.map((f) => f[field]));
    const after = median(results.after.map((f) => f[field]));
    const beforeCpu = median(results.before.map((f) => f[`${field}Cpu`]));
    const afterCpu = median(results.after.map((f) => f[`${field}Cpu`]));
    const name = { batch: 'log-batch, 1,000 points of one key', wide: 'log-batch, 1,000 points over 100 keys', metric: 'log-metric, sequential' }[field];
    console.log(`  ${name}: before ${Math.round(before).toLocaleString('en')}/s, after ${Math.round(after).toLocaleString('en')}/s (${((after / before) * 100).toFixed(1)}%); `
      + `server CPU per 1,000: before ${beforeCpu.toFixed(1)} ms, after ${afterCpu.toFixed(1)} ms (throughput by CPU ${((beforeCpu / afterCpu) * 100).toFixed(1)}%)`);
  }
}

console.log(`uptime: ${uptime()}`);
if (!opts['skip-ingest']) {
  console.log('Ingest through the store, in this process, before (26c76d8) vs after, alternating, SQLite file:');
  await benchStoreIngestAB();
  if (!opts['skip-http-ingest']) {
    console.log('Ingest, before (26c76d8) vs after, alternating, SQLite file, over HTTP:');
    await benchIngestAB();
  }
}
const dialects: Array<'sqlite' | 'postgresql'> = opts.postgres ? ['sqlite', 'postgresql'] : ['sqlite'];
for (const dialect of dialects) {
  if (!opts['skip-envelope']) {
    console.log(`Long series (${dialect}):`);
    await benchLongSeries(dialect);
  }
  if (!opts['skip-compare']) {
    console.log(`Compare page (${dialect}):`);
    await benchCompare(dialect);
  }
}
for (const name of createdDatabases) await adminQuery(`drop database if exists ${name}`);
console.log(`uptime: ${uptime()}`);

// Tracking-server benchmark: drives a real `strata server` process over HTTP and prints
// the table (runs created/s, log-metric calls/s, log-batch points/s, get-history,
// runs/search at 1k and 100k runs, server RSS during sustained ingest).
//
//   node --import tsx bench/tracking.ts [--soak-seconds 60] [--skip-100k] [--backend-store-uri URI]
//   node --import tsx bench/tracking.ts --soak-only --soak-seconds 3600 [--soak-rate 50000]
//
// The soak prints RSS once a minute so an hour-long run shows its curve, not just two points;
// --soak-rate caps points/s so the soak can model a steady team load instead of a flood.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnServerProcess, type ServerProcess } from '../test/helpers/spawn-server-process.js';
import { JsonHttp } from './lib/json-http.js';
import { seedSearchRuns } from './lib/seed-search-runs.js';

const API = '/api/2.0/mlflow';
const { values: opts } = parseArgs({
  options: {
    'soak-seconds': { type: 'string', default: '60' },
    'soak-only': { type: 'boolean', default: false },
    'soak-rate': { type: 'string', default: '0' },
    'skip-100k': { type: 'boolean', default: false },
    'backend-store-uri': { type: 'string' },
  },
});

interface Row {
  work: string;
  result: string;
  target: string;
}
const rows: Row[] = [];
const report = (work: string, result: string, target: string) => {
  rows.push({ work, result, target });
  console.log(`  ${work}: ${result} (target ${target})`);
};

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

async function createRun(http: JsonHttp, experimentId: string): Promise<string> {
  const res = await http.post<{ run: { info: { run_id: string } } }>(`${API}/runs/create`, {
    experiment_id: experimentId,
    start_time: Date.now(),
  });
  return res.run.info.run_id;
}

async function createRunsWithParams(http: JsonHttp, experimentId: string, n: number, offset: number): Promise<number> {
  const [, ms] = await timed(async () => {
    for (let i = offset; i < offset + n; i++) {
      const runId = await createRun(http, experimentId);
      const params = Array.from({ length: 10 }, (_, k) => ({ key: `p${k}`, value: String(i * k) }));
      await http.post(`${API}/runs/log-batch`, { run_id: runId, params });
    }
  });
  return ms;
}

async function benchRunCreate(http: JsonHttp, experimentId: string): Promise<void> {
  // A fresh server spends its first thousand requests or so with V8 still optimising the hot
  // paths; the figure is the steady state, after a warm-up that is reported separately.
  const warmup = 1000;
  const n = 3000;
  const warmMs = await createRunsWithParams(http, experimentId, warmup, 0);
  const ms = await createRunsWithParams(http, experimentId, n, warmup);
  report('runs/create + 10 params, first 1,000 on a fresh server (warm-up)', `${Math.round((warmup / warmMs) * 1000)} runs/s`, '—');
  report('runs/create + 10 params, one client (sequential)', `${Math.round((n / ms) * 1000)} runs/s`, '≥ 1,000 runs/s');
  // The issue asks for runs/s without saying "sequential" (it does for log-metric): a team's
  // jobs start runs side by side, so the server's rate under a few clients is reported too.
  const clients = 4;
  const [, concurrentMs] = await timed(() =>
    Promise.all(Array.from({ length: clients }, (_, c) => createRunsWithParams(http, experimentId, n / clients, warmup + n + (c * n) / clients))),
  );
  report(`runs/create + 10 params, ${clients} concurrent clients`, `${Math.round((n / concurrentMs) * 1000)} runs/s`, '≥ 1,000 runs/s');
}

async function benchLogMetric(http: JsonHttp, experimentId: string, clients: number, callsEach: number): Promise<void> {
  const runId = await createRun(http, experimentId);
  const [, ms] = await timed(() =>
    Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < callsEach; i++) {
          await http.post(`${API}/runs/log-metric`, {
            run_id: runId,
            key: `m${c}`,
            value: Math.random(),
            timestamp: Date.now(),
            step: i,
          });
        }
      }),
    ),
  );
  const label = clients === 1 ? 'log-metric, sequential' : `log-metric, ${clients} concurrent clients`;
  report(label, `${Math.round(((clients * callsEach) / ms) * 1000)} calls/s`, clients === 1 ? '≥ 1,500 calls/s' : '—');
}

async function benchLogBatch(http: JsonHttp, runId: string, requests: number): Promise<void> {
  const [, ms] = await timed(async () => {
    for (let r = 0; r < requests; r++) {
      const metrics = Array.from({ length: 1000 }, (_, i) => {
        const step = r * 1000 + i;
        return { key: 'loss', value: 1 / (step + 1), timestamp: 1_700_000_000_000 + step, step };
      });
      await http.post(`${API}/runs/log-batch`, { run_id: runId, metrics });
    }
  });
  report('log-batch, 1,000 points/request', `${Math.round(((requests * 1000) / ms) * 1000).toLocaleString('en')} points/s`, '≥ 100,000 points/s');
}

async function benchHistory(http: JsonHttp, runId: string): Promise<void> {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 10; i++) {
    const [res, ms] = await timed(() =>
      http.get<{ metrics: unknown[] }>(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss`),
    );
    count = res.metrics.length;
    times.push(ms);
  }
  report(`get-history, ${count.toLocaleString('en')} points (median of 10)`, `${median(times).toFixed(0)} ms`, '≤ 250 ms');
}

const SEARCH_FILTER = "metrics.acc > 0.5 AND params.model = 'resnet'";

async function benchSearch(http: JsonHttp, experimentId: string, label: string, target: string): Promise<void> {
  const body = { experiment_ids: [experimentId], filter: SEARCH_FILTER, order_by: ['metrics.acc DESC'] };
  await http.post(`${API}/runs/search`, body); // warm-up
  const times: number[] = [];
  let returned = 0;
  for (let i = 0; i < 20; i++) {
    const [res, ms] = await timed(() => http.post<{ runs?: unknown[] }>(`${API}/runs/search`, body));
    returned = res.runs?.length ?? 0;
    times.push(ms);
  }
  report(`runs/search, ${label}, filter + order by metric (${returned} returned, median of 20)`, `${median(times).toFixed(1)} ms`, target);
}

async function benchSoak(http: JsonHttp, server: ServerProcess, experimentId: string, seconds: number, rate: number): Promise<void> {
  const pid = server.child.pid!;
  const samples: number[] = [];
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const lanes = 4;
  const batch = 100;
  // Each lane behaves like a training job: a fresh run with params every 50,000 points.
  const pointsPerRun = 50_000;
  const laneDelayMs = rate > 0 ? (1000 * batch * lanes) / rate : 0;
  let points = 0;
  let runs = 0;
  const sampler = setInterval(() => {
    samples.push(rssMiB(pid));
    if (samples.length % 60 === 0) {
      const minute = samples.length / 60;
      console.log(`  soak minute ${minute}: RSS ${samples.at(-1)!.toFixed(0)} MiB, ${points.toLocaleString('en')} points, ${runs} runs`);
    }
  }, 1000);
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      let runId = '';
      let step = pointsPerRun;
      while (Date.now() < deadline) {
        const tick = Date.now();
        if (step >= pointsPerRun) {
          runId = await createRun(http, experimentId);
          await http.post(`${API}/runs/log-batch`, {
            run_id: runId,
            params: Array.from({ length: 10 }, (_, i) => ({ key: `p${i}`, value: String(Math.random()) })),
            tags: [{ key: 'lane', value: String(lane) }],
          });
          runs++;
          step = 0;
        }
        const base = step;
        step += batch;
        const metrics = Array.from({ length: batch }, (_, i) => ({
          key: `soak${(base + i) % 4}`,
          value: Math.random(),
          timestamp: Date.now(),
          step: base + i,
        }));
        await http.post(`${API}/runs/log-batch`, { run_id: runId, metrics });
        points += batch;
        const wait = laneDelayMs - (Date.now() - tick);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }),
  );
  clearInterval(sampler);
  const warm = samples[Math.min(59, samples.length - 1)] ?? 0;
  const end = samples.at(-1) ?? 0;
  const max = Math.max(...samples);
  const afterWarm = samples.slice(60);
  const minAfterWarm = afterWarm.length ? Math.min(...afterWarm) : warm;
  report(
    `server RSS, ${seconds} s sustained ingest (4 clients, ${points.toLocaleString('en')} points, ${runs} runs)`,
    `after 60 s ${warm.toFixed(0)} MiB, then min ${minAfterWarm.toFixed(0)} / max ${max.toFixed(0)} MiB, end ${end.toFixed(0)} MiB`,
    'flat after warm-up',
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const backend = opts['backend-store-uri'] ?? `sqlite:///${join(dir, 'strata.db')}`;
  console.log(`backend: ${backend.replace(/:[^:@/]*@/, ':***@')}`);
  const soakOnly = opts['soak-only'];
  if (!opts['skip-100k'] && !soakOnly) {
    console.log('seeding 100,000 runs for the large search…');
    const [, ms] = await timed(() => seedSearchRuns(backend, 'bench-100k', 100_000));
    console.log(`  seeded in ${(ms / 1000).toFixed(1)} s`);
  }
  const server = await spawnServerProcess(['--backend-store-uri', backend, '--default-artifact-root', join(dir, 'artifacts')]);
  const http = new JsonHttp(server.url);
  try {
    const exp = await http.post<{ experiment_id: string }>(`${API}/experiments/create`, { name: `bench-${Date.now()}` });
    const experimentId = exp.experiment_id;
    console.log(`server ${server.url}, RSS at start ${rssMiB(server.child.pid!).toFixed(0)} MiB`);

    if (!soakOnly) await benchMost(http, experimentId, backend);
    await benchSoak(http, server, experimentId, Number(opts['soak-seconds']), Number(opts['soak-rate']));
  } finally {
    http.close();
    server.kill('SIGTERM');
    await server.exited;
    if (backend.startsWith('sqlite')) rmSync(dir, { recursive: true, force: true });
  }

  console.log('\n| work | Strata |\n|---|---|');
  for (const row of rows) console.log(`| ${row.work} | ${row.result} (target ${row.target}) |`);
}

async function benchMost(http: JsonHttp, experimentId: string, backend: string): Promise<void> {
  await benchRunCreate(http, experimentId);
  await benchLogMetric(http, experimentId, 1, 5000);
  await benchLogMetric(http, experimentId, 8, 1000);
  const historyRun = await createRun(http, experimentId);
  await benchLogBatch(http, historyRun, 100);
  await benchHistory(http, historyRun);

  await seedSearchRuns(backend, 'bench-1k', 1000);
  const small = await http.get<{ experiment: { experiment_id: string } }>(`${API}/experiments/get-by-name?experiment_name=bench-1k`);
  await benchSearch(http, small.experiment.experiment_id, '1,000 runs', '≤ 15 ms');
  if (!opts['skip-100k']) {
    const large = await http.get<{ experiment: { experiment_id: string } }>(`${API}/experiments/get-by-name?experiment_name=bench-100k`);
    await benchSearch(http, large.experiment.experiment_id, '100,000 runs', '≤ 200 ms');
  }
}

await main();

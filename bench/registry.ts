// Model-registry benchmark: drives a real `strata server` process over HTTP and prints
// ops/s for create version, set alias and get-by-alias (target ≥ 2,000 ops/s each), and
// the latency of "which version held alias X at time T" over a long history (≤ 5 ms).
//
//   node --import tsx bench/registry.ts [--ops 4000] [--clients 16] [--history 10000] [--backend-store-uri URI]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnServerProcess } from '../test/helpers/spawn-server-process.js';
import { JsonHttp } from './lib/json-http.js';

const API = '/api/2.0/mlflow';
const { values: opts } = parseArgs({
  options: {
    ops: { type: 'string', default: '4000' },
    clients: { type: 'string', default: '16' },
    history: { type: 'string', default: '10000' },
    'backend-store-uri': { type: 'string' },
  },
});
const OPS = Number(opts.ops);
const CLIENTS = Number(opts.clients);
const HISTORY = Number(opts.history);

const rows: string[] = [];
function report(work: string, result: string, target: string): void {
  const line = `  ${work}: ${result} (target ${target})`;
  rows.push(line);
  console.log(line);
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", utime and stime are fields 12 and 13 (0-based), in clock ticks (100 Hz).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Throughput {
  opsPerSecond: number;
  /** Server CPU per operation: what the figure would be on an idle machine, ~1e6/x ops/s per core. */
  serverCpuMicros: number;
}

/** Runs `op(i)` for i in [0, n) on `clients` concurrent loops. */
async function throughput(pid: number, n: number, clients: number, op: (i: number) => Promise<unknown>): Promise<Throughput> {
  let next = 0;
  const cpu0 = cpuSeconds(pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < n; i = next++) await op(i);
    }),
  );
  const opsPerSecond = (n / (performance.now() - started)) * 1000;
  return { opsPerSecond, serverCpuMicros: ((cpuSeconds(pid) - cpu0) / n) * 1e6 };
}

const describe = (t: Throughput): string =>
  `${Math.round(t.opsPerSecond)} ops/s (server CPU ${Math.round(t.serverCpuMicros)} µs/op)`;

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-registry-bench-'));
  const backend = opts['backend-store-uri'] ?? `sqlite:///${join(dir, 'strata.db')}`;
  console.log(`backend: ${backend.replace(/:[^:@/]*@/, ':***@')}; ${OPS} ops per test on ${CLIENTS} concurrent clients`);
  const server = await spawnServerProcess(['--backend-store-uri', backend, '--default-artifact-root', join(dir, 'artifacts')]);
  const http = new JsonHttp(server.url, CLIENTS);
  try {
    const run = await http.post<{ run: { info: { run_id: string } } }>(`${API}/runs/create`, { experiment_id: '0' });
    const runId = run.run.info.run_id;
    await http.post(`${API}/registered-models/create`, { name: 'bench' });

    const pid = server.child.pid!;
    const create = await throughput(pid, OPS, CLIENTS, () =>
      http.post(`${API}/model-versions/create`, { name: 'bench', source: `runs:/${runId}/model`, run_id: runId }),
    );
    report('model-versions/create', describe(create), '≥ 2,000 ops/s');

    const setAlias = await throughput(pid, OPS, CLIENTS, (i) =>
      http.post(`${API}/registered-models/alias`, { name: 'bench', alias: `a${i % 50}`, version: String((i % OPS) + 1) }),
    );
    report('registered-models/alias (set/move)', describe(setAlias), '≥ 2,000 ops/s');

    const getByAlias = await throughput(pid, OPS, CLIENTS, (i) => http.get(`${API}/registered-models/alias?name=bench&alias=a${i % 50}`));
    report('registered-models/alias (get by alias)', describe(getByAlias), '≥ 2,000 ops/s');

    // A long history for one alias: HISTORY moves, then probe random past times.
    const times: number[] = [];
    await throughput(pid, HISTORY, CLIENTS, async (i) => {
      await http.post(`${API}/registered-models/alias`, { name: 'bench', alias: 'production', version: String((i % 100) + 1) });
      times.push(Date.now());
    });
    const history = await http.get<{ events: unknown[] }>(`/api/strata/v1/registered-models/alias-history?name=bench&alias=production`);
    const latencies: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const at = times[Math.floor(Math.random() * times.length)]!;
      const t0 = performance.now();
      await http.get(`/api/strata/v1/registered-models/alias-history?name=bench&alias=production&at=${at}`);
      latencies.push(performance.now() - t0);
    }
    report(
      `alias at time T (${history.events.length} events for the alias, HTTP round trip)`,
      `median ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms`,
      '≤ 5 ms',
    );
  } finally {
    http.close();
    server.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\nregistry benchmark (${new Date().toISOString()}, load average ${load}):\n${rows.join('\n')}`);
}

await main();

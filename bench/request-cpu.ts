// CPU per request of the two hottest writes (log-batch of 1,000 points, runs/create with the
// system tags MLflow's client sends), client and server in one process. CPU time moves less
// than wall time on a shared, loaded machine, so two checkouts can be compared in one sitting:
//   node --import tsx bench/request-cpu.ts [CHECKOUT_ROOT]      (default: this checkout)
// Run it for the old and the new checkout alternately, a few rounds each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Server {
  url: string;
  close(): Promise<void>;
}
type StartServer = (config: unknown) => Promise<Server>;
type ResolveConfig = (flags: Record<string, unknown>, env: Record<string, string>, cwd: string) => unknown;

const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
const { startServer } = (await import(join(root, 'src/server/main.ts'))) as { startServer: StartServer };
const { resolveServerConfig } = (await import(join(root, 'src/server/config.ts'))) as { resolveServerConfig: ResolveConfig };
const dir = mkdtempSync(join(tmpdir(), 'strata-request-cpu-'));
const server = await startServer(
  resolveServerConfig({ port: 0, backendStoreUri: `sqlite:///${dir}/strata.db`, artifactsDestination: join(dir, 'artifacts') }, {}, dir),
);

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

const SYSTEM_TAGS = [
  { key: 'mlflow.user', value: 'bench' },
  { key: 'mlflow.source.name', value: 'train.py' },
  { key: 'mlflow.source.type', value: 'LOCAL' },
];
const experimentId = (await post('experiments/create', { name: 'request-cpu' })).experiment_id;
const created = (await post('runs/create', { experiment_id: experimentId, start_time: Date.now(), tags: SYSTEM_TAGS })) as {
  run: { info: { run_id: string } };
};
const runId = created.run.info.run_id;
let step = 0;
const batch = () => ({
  run_id: runId,
  metrics: Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: Math.random(), timestamp: Date.now(), step: step++ })),
});

/** Microseconds of process CPU per call, and calls per second of wall time. */
async function measure(calls: number, call: () => Promise<unknown>): Promise<{ cpuUs: number; perSecond: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / calls, perSecond: calls / ((performance.now() - start) / 1000) };
}

for (let i = 0; i < 20; i++) await post('runs/log-batch', batch());
const logBatch = await measure(150, () => post('runs/log-batch', batch()));
const createRun = await measure(500, () => post('runs/create', { experiment_id: experimentId, start_time: Date.now(), tags: SYSTEM_TAGS }));
console.log(
  `${root}: log-batch ${Math.round(logBatch.cpuUs)} µs CPU/request (${Math.round(logBatch.perSecond * 1000)} points/s); ` +
    `runs/create ${Math.round(createRun.cpuUs)} µs CPU/run (${Math.round(createRun.perSecond)} runs/s)`,
);
await server.close();
rmSync(dir, { recursive: true, force: true });

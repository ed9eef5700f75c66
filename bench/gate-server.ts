// Gate evaluation through a real `strata server` process: what `strata gate` waits for.
//   - a 100-rule gate (60 thresholds, 20 champion comparisons, 20 slice rules × 20 slices) against
//     a model version and its champion, recorded (target ≤ 1 s including server calls): the first
//     call on a freshly started server, then warm calls;
//   - the same through the CLI (`strata gate`, a new process each time, as a CI step runs it);
//   - a 1,000-resample paired bootstrap over 100,000 predictions read from the two runs'
//     artifacts on the server (target ≤ 3 s).
//
//   node --import tsx bench/gate-server.ts [--repeat 5] [--rows 100000] [--backend-store-uri URI]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnServerProcess } from '../test/helpers/spawn-server-process.js';
import { JsonHttp } from './lib/json-http.js';

const API = '/api/2.0/mlflow';
const BIN = fileURLToPath(new URL('../bin/strata.js', import.meta.url));
const { values: opts } = parseArgs({
  options: { repeat: { type: 'string', default: '5' }, rows: { type: 'string', default: '100000' }, 'backend-store-uri': { type: 'string' } },
});
const REPEAT = Number(opts.repeat);
const ROWS = Number(opts.rows);

const work = mkdtempSync(join(tmpdir(), 'strata-gate-bench-'));
const backend = opts['backend-store-uri'] ?? `sqlite:///${join(work, 'strata.db')}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function ok(http: JsonHttp, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- bench reads fields freely
  const response = await http.request(method, path, body);
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${response.text.slice(0, 300)}`);
  return JSON.parse(response.text);
}

/** A run with 80 plain metrics and 20 slice metrics × 20 slices (keys MLflow accepts: no '='). */
async function seedRun(http: JsonHttp, experimentId: string, shift: number): Promise<string> {
  const { run } = await ok(http, 'POST', `${API}/runs/create`, { experiment_id: experimentId, start_time: Date.now(), tags: [{ key: 'mlflow.source.git.commit', value: 'abc123' }] });
  const runId: string = run.info.run_id;
  const metrics = [];
  const timestamp = Date.now();
  for (let m = 0; m < 80; m += 1) metrics.push({ key: `m${m}`, value: 0.9 + shift, timestamp, step: 0 });
  for (let s = 0; s < 20; s += 1) for (let k = 0; k < 20; k += 1) metrics.push({ key: `recall${s}/segment:${k}`, value: 0.85 + shift, timestamp, step: 0 });
  for (let i = 0; i < metrics.length; i += 1000) await ok(http, 'POST', `${API}/runs/log-batch`, { run_id: runId, metrics: metrics.slice(i, i + 1000) });
  return runId;
}

function hundredRuleSpec(): string {
  const rules: string[] = [];
  for (let m = 0; m < 60; m += 1) rules.push(`  - metrics.m${m} >= 0.8`);
  for (let m = 60; m < 80; m += 1) rules.push(`  - metrics.m${m} >= champion - 0.01`);
  for (let s = 0; s < 20; s += 1) rules.push(`  - { slices: "metrics.recall${s}/segment:*", op: ">=", value: "champion - 0.02", min_slices: 20 }`);
  return `name: bench\nchampion: { alias: production }\nrules:\n${rules.join('\n')}\n`;
}

function predictionsCsv(rows: number, accuracy: number, seed: number): string {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const lines = ['id,label,prediction,score'];
  for (let i = 0; i < rows; i += 1) {
    const label = i % 2;
    const right = random() < accuracy;
    lines.push(`${i},${label},${right ? label : 1 - label},${right === (label === 1) ? 0.8 : 0.3}`);
  }
  return `${lines.join('\n')}\n`;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const server = await spawnServerProcess(['--backend-store-uri', backend, '--artifacts-destination', join(work, 'artifacts')]);
try {
  const http = new JsonHttp(server.url, 4);
  const spec = hundredRuleSpec();
  const { experiment_id: experimentId } = await ok(http, 'POST', `${API}/experiments/create`, { name: 'gate-bench' });
  const championRun = await seedRun(http, experimentId, 0);
  const candidateRun = await seedRun(http, experimentId, 0.01);
  await ok(http, 'POST', `${API}/registered-models/create`, { name: 'fraud' });
  for (const runId of [championRun, candidateRun]) await ok(http, 'POST', `${API}/model-versions/create`, { name: 'fraud', source: `runs:/${runId}/model`, run_id: runId });
  await ok(http, 'POST', `${API}/registered-models/alias`, { name: 'fraud', alias: 'production', version: '1' });

  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${backend.split(':')[0]}`);
  const evaluate = async () => {
    const start = performance.now();
    const { result } = await ok(http, 'POST', '/api/strata/v1/gates/evaluate', { spec, model_uri: 'models:/fraud/2' });
    if (result.status !== 'passed' || result.rules.length !== 100) throw new Error(`unexpected result ${result.status}, ${result.rules.length} rules`);
    return performance.now() - start;
  };
  const first = await evaluate();
  const warm: number[] = [];
  for (let i = 0; i < REPEAT; i += 1) warm.push(await evaluate());
  console.log(`100 rules × 20 slices, recorded, HTTP: first call on a fresh server ${first.toFixed(0)} ms; warm median ${median(warm).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)}) over ${REPEAT} (target ≤ 1,000 ms)`);

  writeFileSync(join(work, 'strata.gate.yaml'), spec);
  const cli: number[] = [];
  for (let i = 0; i < REPEAT; i += 1) {
    const start = performance.now();
    const { code, output } = await runCli(['gate', '--model', 'models:/fraud/2'], { STRATA_TRACKING_URI: server.url });
    if (code !== 0) throw new Error(`strata gate exited ${code}: ${output}`);
    cli.push(performance.now() - start);
  }
  console.log(`the same with \`strata gate\` (a new process each time, start-up included): median ${median(cli).toFixed(0)} ms (min ${Math.min(...cli).toFixed(0)}, max ${Math.max(...cli).toFixed(0)})`);

  // The bootstrap reads both runs' predictions from the artifact store.
  for (const [runId, accuracy, seed] of [[championRun, 0.85, 2], [candidateRun, 0.86, 1]] as const) {
    mkdirSync(join(work, runId));
    const file = join(work, runId, 'predictions.csv');
    writeFileSync(file, predictionsCsv(ROWS, accuracy, seed));
    const upload = await runCli(['artifacts', 'log', runId, file, '--artifact-path', 'eval'], { STRATA_TRACKING_URI: server.url });
    if (upload.code !== 0) throw new Error(`upload failed: ${upload.output}`);
  }
  const bootstrapSpec = 'name: bootstrap\nchampion: { alias: production }\nrules:\n  - { bootstrap: { predictions: eval/predictions.csv, metric: accuracy, resamples: 1000, seed: 42 } }\n';
  const boot: number[] = [];
  for (let i = 0; i < REPEAT; i += 1) {
    const start = performance.now();
    const { result } = await ok(http, 'POST', '/api/strata/v1/gates/evaluate', { spec: bootstrapSpec, model_uri: 'models:/fraud/2', dry_run: true });
    boot.push(performance.now() - start);
    if (i === 0) console.log(`  bootstrap: ${result.status}: ${result.rules[0]?.message ?? ''}`);
  }
  console.log(`1,000-resample paired bootstrap over ${ROWS.toLocaleString('en')} predictions through the server (both artifacts read and parsed): median ${median(boot).toFixed(0)} ms (min ${Math.min(...boot).toFixed(0)}, max ${Math.max(...boot).toFixed(0)}) (target ≤ 3,000 ms)`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  server.kill('SIGTERM');
  await server.exited;
  rmSync(work, { recursive: true, force: true });
}

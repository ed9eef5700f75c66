// Alias move under load (issue 15): `strata serve models:/bench@production` as a child process,
// 500 requests/s paced from this process (a fixed schedule, so a slow answer does not slow the
// load), while the alias moves v1 → v2 (webhook) and back v2 → v1 (by polling, --no-webhook).
// Prints, per move: the time from the alias move to the first answer from the new version, the
// last answer from the old one after that, failed requests, and answers matching neither
// version's known outputs (a half-loaded model would give those).
//
//   node --import tsx bench/serving-switch.ts [--rate 500] [--seconds 12] [--workers 1]
import { execSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'node:http';
import { logAndRegister, modelVersion, numbersIn, ROWS, setAlias, spawnServe, startTracking, whichModel } from '../test/serving/serve-harness.js';

const { values: opts } = parseArgs({ options: { rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '12' }, workers: { type: 'string', default: '1' } } });
const rate = Number(opts.rate);
const seconds = Number(opts.seconds);
const MODELS = { '1': modelVersion(1), '2': modelVersion(2) };
const body = JSON.stringify({ dataframe_split: { columns: MODELS['1'].features, data: ROWS } });

interface Answer {
  sentAt: number;
  doneAt: number;
  version: string | undefined;
  status: number;
}

function post(agent: Agent, url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/invocations`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function scoreOnce(agent: Agent, url: string): Promise<Answer> {
  const sentAt = performance.now();
  try {
    const { status, text } = await post(agent, url);
    const version = status === 200 ? whichModel(numbersIn((JSON.parse(text) as { predictions: unknown }).predictions), ROWS, MODELS) : undefined;
    return { sentAt, doneAt: performance.now(), version, status };
  } catch {
    return { sentAt, doneAt: performance.now(), version: undefined, status: 0 };
  }
}

/** `rate` requests per second for `seconds`, on a fixed schedule; `moveAt` runs the move. */
async function loadWhile(url: string, move: () => Promise<void>, moveAfterMs: number): Promise<{ answers: Answer[]; movedAt: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const answers: Promise<Answer>[] = [];
  const start = performance.now();
  let movedAt = Number.NaN;
  const moving = new Promise<void>((resolve) =>
    setTimeout(() => {
      void move().then(() => {
        movedAt = performance.now();
        resolve();
      });
    }, moveAfterMs),
  );
  const total = rate * seconds;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(scoreOnce(agent, url));
  }
  await moving;
  const done = await Promise.all(answers);
  agent.destroy();
  return { answers: done, movedAt };
}

function report(label: string, from: string, to: string, { answers, movedAt }: { answers: Answer[]; movedAt: number }): void {
  const failed = answers.filter((a) => a.status !== 200).length;
  const neither = answers.filter((a) => a.status === 200 && a.version === undefined).length;
  const firstNew = answers.filter((a) => a.version === to && a.sentAt >= movedAt).sort((a, b) => a.doneAt - b.doneAt)[0];
  const lastOld = answers.filter((a) => a.version === from && a.sentAt >= movedAt).sort((a, b) => b.doneAt - a.doneAt)[0];
  const latencies = answers.map((a) => a.doneAt - a.sentAt).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  const elapsed = (answers.at(-1)!.sentAt - answers[0]!.sentAt) / 1000;
  console.log(`${label}: v${from} -> v${to}`);
  console.log(`  requests ${answers.length} in ${elapsed.toFixed(1)} s (${(answers.length / elapsed).toFixed(0)}/s sent); latency ms p50 ${pct(50)} p99 ${pct(99)} max ${latencies.at(-1)!.toFixed(1)}`);
  console.log(`  new version answering ${firstNew ? ((firstNew.doneAt - movedAt) / 1000).toFixed(2) : 'NEVER'} s after the alias moved (target <= 5 s)`);
  console.log(`  last old-version answer to a request sent after the move: ${lastOld ? `${((lastOld.doneAt - movedAt) / 1000).toFixed(2)} s` : 'none'}`);
  console.log(`  failed requests: ${failed}; answers matching neither version: ${neither}`);
}

const tracking = await startTracking();
const cacheDir = await mkdtemp(join(tmpdir(), 'strata-bench-switch-'));
const children: Array<{ child: { kill(signal: NodeJS.Signals): boolean } }> = [];
try {
  console.log(`uptime: ${execSync('uptime').toString().trim()}`);
  await logAndRegister(tracking, 'bench', MODELS['1']);
  await logAndRegister(tracking, 'bench', MODELS['2']);
  await setAlias(tracking, 'bench', 'production', '1');
  const workers = Number(opts.workers) > 1 ? ['--workers', opts.workers] : [];
  const quiet = ['--log-level', 'warn', '--tracking-uri', tracking.url, '--cache-dir', cacheDir, ...workers];

  const byWebhook = await spawnServe(['models:/bench@production', ...quiet, '--poll-interval', '1h']);
  children.push(byWebhook);
  report('webhook', '1', '2', await loadWhile(byWebhook.url, () => setAlias(tracking, 'bench', 'production', '2'), 3_000));
  byWebhook.child.kill('SIGTERM');
  await byWebhook.exited;

  const byPolling = await spawnServe(['models:/bench@production', ...quiet, '--no-webhook', '--poll-interval', '2s']);
  children.push(byPolling);
  report('polling every 2 s', '2', '1', await loadWhile(byPolling.url, () => setAlias(tracking, 'bench', 'production', '1'), 3_000));
  byPolling.child.kill('SIGTERM');
  await byPolling.exited;
  console.log(`uptime: ${execSync('uptime').toString().trim()}`);
} finally {
  for (const process of children) process.child.kill('SIGKILL');
  await tracking.close();
  await rm(cacheDir, { recursive: true, force: true });
}

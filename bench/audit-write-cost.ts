// What the audit chain costs writers: experiments/set-experiment-tag over HTTP (each write
// appends an audit event) against two real `strata server` processes, one with the sealer
// running (sealing every second, a checkpoint every 5 s) and one with it disabled, in the same
// run, in alternating rounds so both see the same machine. Target: <= 5 % fewer writes/s.
//
//   node --import tsx bench/audit-write-cost.ts [--writes N] [--rounds R] [--concurrency C] [--backend-store-uri URI]
//
// Without --backend-store-uri each server gets its own SQLite file; with a PostgreSQL URI both use
// it (one database, as replicas would; the disabled one simply never seals).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnServerProcess, type ServerProcess } from '../test/helpers/spawn-server-process.js';

const { values: opts } = parseArgs({
  options: {
    writes: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
    'backend-store-uri': { type: 'string' },
  },
});
const writes = Number(opts.writes);
const rounds = Number(opts.rounds);
const concurrency = Number(opts.concurrency);
const work = mkdtempSync(join(tmpdir(), 'strata-audit-write-'));

async function start(name: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const uri = opts['backend-store-uri'] ?? `sqlite:///${join(work, `${name}.db`)}`;
  return spawnServerProcess(['--backend-store-uri', uri, '--artifacts-destination', join(work, name), '--audit-key', join(work, 'audit.pem')], { STRATA_FROM_SOURCE: '1', ...env });
}

async function post(url: string, path: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/api/2.0/mlflow/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Writes per second of `writes` set-tag calls from `concurrency` workers. */
async function round(url: string, experimentId: string, label: string): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < writes) {
      const i = next++;
      await post(url, 'experiments/set-experiment-tag', { experiment_id: experimentId, key: `${label}-${i % 500}`, value: String(i) });
    }
  }));
  return writes / ((performance.now() - start) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const sealing = await start('sealing', { STRATA_AUDIT_SEAL_INTERVAL_MS: '1000', STRATA_AUDIT_CHECKPOINT_INTERVAL_MS: '5000' });
const disabled = await start('disabled', { STRATA_AUDIT_SEAL_INTERVAL_MS: '0', STRATA_AUDIT_CHECKPOINT_INTERVAL_MS: '0' });
try {
  const experiments = await Promise.all([sealing, disabled].map(async (s, i) => String((await post(s.url, 'experiments/create', { name: `audit-write-${i}-${Date.now()}` })).experiment_id)));
  // Warm-up: both processes JIT-compile the write path before anything is measured.
  await round(sealing.url, experiments[0]!, 'warm');
  await round(disabled.url, experiments[1]!, 'warm');
  const withSealer: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    // Alternate which goes first, so drift in the machine's load falls on both alike.
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const rate = which === 0 ? await round(sealing.url, experiments[0]!, `r${r}`) : await round(disabled.url, experiments[1]!, `r${r}`);
      (which === 0 ? withSealer : without).push(rate);
      console.log(`round ${r + 1} ${which === 0 ? 'sealer on ' : 'sealer off'}: ${rate.toFixed(0)} writes/s`);
    }
  }
  const on = median(withSealer);
  const off = median(without);
  const cost = (1 - on / off) * 100;
  const verify = await (await fetch(`${sealing.url}/api/strata/v1/audit/verify`)).json() as { ok: boolean; events: number; pending_events: number };
  console.log(`median: sealer on ${on.toFixed(0)} writes/s, sealer off ${off.toFixed(0)} writes/s: cost ${cost.toFixed(1)} % (target <= 5 %: ${cost <= 5 ? 'ok' : 'MISSED'})`);
  console.log(`sealing server after the run: verify ok=${verify.ok}, ${verify.events} events sealed, ${verify.pending_events} pending`);
} finally {
  for (const server of [sealing, disabled]) {
    server.kill('SIGTERM');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
}

// What migration 20 costs writers: params and run tags now carry their run's experiment and
// start time, and SQLite indexes them by (experiment, key, value, start time, run) for the runs
// table's sort by a key. Measured as a training script starts runs with MLflow's client: runs/create
// with the system tags MLflow sends, then one log-batch of 20 params and 10 tags, then one of 1,000
// metric points. Two real `strata server` processes on their own SQLite files (or both on one
// PostgreSQL URI), one built from this checkout and one from `--before` (a git worktree of the
// commit before, with node_modules), in alternating rounds so both see the same machine.
//
//   git worktree add /tmp/before d321e31 && ln -s $PWD/node_modules /tmp/before/node_modules
//   node --import tsx bench/key-copy-write-cost.ts --before /tmp/before [--runs 300] [--rounds 5] [--concurrency 4] [--points 1000] [--backend-store-uri URI]
//
// --points 0 leaves the metrics out: the params and tags writes alone, where the copies weigh most.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnServerProcess, type ServerProcess } from '../test/helpers/spawn-server-process.js';

const { values: opts } = parseArgs({
  options: {
    before: { type: 'string' },
    runs: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '4' },
    points: { type: 'string', default: '1000' },
    'backend-store-uri': { type: 'string' },
  },
});
if (opts.before === undefined) throw new Error('--before DIR: a checkout of the commit to compare with (see the header)');
const runs = Number(opts.runs);
const rounds = Number(opts.rounds);
const concurrency = Number(opts.concurrency);
const points = Number(opts.points);
const work = mkdtempSync(join(tmpdir(), 'strata-key-copy-'));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function start(name: string, bin: string | undefined): Promise<ServerProcess> {
  const uri = opts['backend-store-uri'] ?? `sqlite:///${join(work, `${name}.db`)}`;
  return spawnServerProcess(['--backend-store-uri', uri, '--artifacts-destination', join(work, name)], { STRATA_FROM_SOURCE: '1' }, bin);
}

async function post(url: string, path: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/api/2.0/mlflow/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Runs started per second: create (with MLflow's system tags), params and tags, metrics. */
async function round(url: string, experimentId: string, label: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < runs) {
      const i = next++;
      const created = await post(url, 'runs/create', {
        experiment_id: experimentId, start_time: Date.now(), run_name: `${label}-${i}`,
        tags: [
          { key: 'mlflow.user', value: 'bench' }, { key: 'mlflow.source.name', value: 'train.py' }, { key: 'mlflow.source.type', value: 'LOCAL' },
          { key: 'mlflow.source.git.commit', value: 'a'.repeat(40) }, { key: 'mlflow.runName', value: `${label}-${i}` },
        ],
      });
      const runId = (created.run as { info: { run_id: string } }).info.run_id;
      await post(url, 'runs/log-batch', {
        run_id: runId,
        params: Array.from({ length: 20 }, (_, k) => ({ key: `param_${k}`, value: k === 0 ? ['adam', 'sgd', 'lion'][i % 3] : String((i * 7919 + k) % 10007) })),
        tags: Array.from({ length: 10 }, (_, k) => ({ key: `tag_${k}`, value: `v${(i + k) % 17}` })),
      });
      if (points > 0) await post(url, 'runs/log-batch', { run_id: runId, metrics: Array.from({ length: points }, (_, s) => ({ key: `m${s % 10}`, value: Math.random(), timestamp: Date.now(), step: s })) });
    }
  }));
  return runs / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const after = await start('after', undefined);
const before = await start('before', join(opts.before, 'bin/strata.js'));
const servers = [after, before];
try {
  console.log(`load average ${load()}`);
  const experiments = await Promise.all(servers.map(async (s, i) => String((await post(s.url, 'experiments/create', { name: `key-copy-${i}-${Date.now()}` })).experiment_id)));
  // Warm-up: both processes JIT-compile the write path before anything is measured.
  for (const [i, s] of servers.entries()) await round(s.url, experiments[i]!, 'warm');
  const rates: number[][] = [[], []];
  for (let r = 0; r < rounds; r += 1) {
    // Alternate which goes first, so drift in the machine's load falls on both alike.
    for (const which of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const rate = await round(servers[which]!.url, experiments[which]!, `r${r}`);
      rates[which]!.push(rate);
      console.log(`round ${r + 1} ${which === 0 ? 'after ' : 'before'}: ${rate.toFixed(1)} runs/s`);
    }
  }
  const [a, b] = [median(rates[0]!), median(rates[1]!)];
  console.log(`median: after ${a.toFixed(1)} runs/s, before ${b.toFixed(1)} runs/s: ${((a / b - 1) * 100).toFixed(1)} % (each run: create + 5 tags, 20 params + 10 tags, ${points} points)`);
  console.log(`load average ${load()}`);
} finally {
  for (const server of servers) {
    server.kill('SIGTERM');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
}

// What the background roll-up builder costs a freshly started server whose database holds many
// short series: a hyperparameter sweep logs a few final metrics per run, so a 100,000-run
// experiment holds millions of one-point series. Two real `strata server` processes, one from
// this checkout and one from `--before` (a git worktree of another commit, with node_modules),
// each on its own copy of one seeded SQLite file, started together so both see the same machine;
// every few seconds: series still stale, roll-up rows stored, file size.
//
//   git worktree add --detach /tmp/before HEAD~1 && ln -s $PWD/node_modules /tmp/before/node_modules
//   node --import tsx bench/rollup-builder.ts --before /tmp/before [--runs 20000] [--metrics 20] [--seconds 60] [--db FILE]
//
// --db seeds (or reuses) that file as the original to copy (bench/lib/seed-table-runs.ts: one point per metric).
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { spawnServerProcess, type ServerProcess } from '../test/helpers/spawn-server-process.js';
import { seedTableRuns } from './lib/seed-table-runs.js';

const { values: opts } = parseArgs({
  options: {
    before: { type: 'string' },
    runs: { type: 'string', default: '20000' },
    metrics: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '60' },
    db: { type: 'string' },
  },
});
if (opts.before === undefined) throw new Error('--before DIR: a checkout of the commit to compare with (see the header)');
const work = mkdtempSync(join(tmpdir(), 'strata-rollup-builder-'));
const original = opts.db ?? join(work, 'original.db');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function state(file: string): { stale: number; rows: number; mb: number } {
  const db = new Database(file, { readonly: true });
  try {
    const stale = (db.prepare('select count(*) as n from latest_metrics where rollup_dirty_from is not null').get() as { n: number }).n;
    const rows = (db.prepare('select count(*) as n from metric_rollups').get() as { n: number }).n;
    const wal = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    return { stale, rows, mb: (statSync(file).size + wal) / 2 ** 20 };
  } finally {
    db.close();
  }
}

try {
  await seedTableRuns(`sqlite:///${original}`, 'rollup-builder', { runs: Number(opts.runs), params: 5, metrics: Number(opts.metrics), tags: 2 });
  const series = state(original).stale;
  console.log(`${series.toLocaleString('en-GB')} stale series (${opts.runs} runs × ${opts.metrics} one-point metrics); load ${load()}`);
  const builds = [['this checkout', undefined], ['--before', join(opts.before, 'bin/strata.js')]] as const;
  const servers: Array<{ label: string; file: string; server: ServerProcess }> = [];
  for (const [label] of builds) {
    const file = join(work, `${label === '--before' ? 'before' : 'after'}.db`);
    copyFileSync(original, file);
    servers.push({ label, file, server: undefined as unknown as ServerProcess });
  }
  // Started together: both builders run over the same seconds of the machine.
  await Promise.all(servers.map(async (s, i) => {
    s.server = await spawnServerProcess(['--backend-store-uri', `sqlite:///${s.file}`, '--artifacts-destination', join(work, `art-${i}`)], { STRATA_FROM_SOURCE: '1' }, builds[i]?.[1]);
  }));
  const started = performance.now();
  const seconds = Number(opts.seconds);
  for (let t = 10; t <= seconds; t += 10) {
    await new Promise((resolve) => setTimeout(resolve, started + t * 1000 - performance.now()));
    for (const s of servers) {
      const { stale, rows, mb } = state(s.file);
      const built = series - stale;
      console.log(`${String(t).padStart(4)} s  ${s.label.padEnd(14)} series built ${built.toLocaleString('en-GB').padStart(10)} (${(built / t).toFixed(0).padStart(6)}/s)  roll-up rows ${rows.toLocaleString('en-GB').padStart(11)}  file ${mb.toFixed(0).padStart(6)} MB  load ${load()}`);
    }
  }
  for (const s of servers) s.server.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.server.exited));
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Audit chain verification at scale: seeds N sealed audit events (default 1,000,000) straight
// into a SQLite database with their hashes and a signed checkpoint every 100,000, starts a real
// `strata server` process on it, then times the three ways to check the log:
//   - `strata audit verify` (the CLI, reading the chain page by page over HTTP),
//   - GET /api/strata/v1/audit/verify (the server reading its own database),
//   - `strata audit verify --file` of an export (offline), after `strata audit export`.
// Target: the CLI checks 1,000,000 events in <= 10 s.
//
//   node --import tsx bench/audit-verify.ts [--events N] [--dir DIR] [--keep DIR] [--http-only | --skip-export] [--threads 1,2] [--rounds N]
// --keep DIR: seed DIR once and keep it; later runs with the same DIR skip the (minute-long) seeding.
// --http-only: only `strata audit verify` over HTTP; --skip-export: that and the server-side verify.
// --threads: `strata audit verify --threads T` for each T in turn (default: the CLI's own choice only),
// --rounds N times over (alternating, so the neighbours' load falls on each alike); medians at the end.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { GENESIS_HEAD, sealEvents, type ChainHead } from '../src/core/audit/audit-chain.js';
import { signCheckpoint } from '../src/core/audit/audit-checkpoint.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadOrCreateAuditSigner } from '../src/server/audit/audit-signing-key.js';
import { nodeAuditCrypto } from '../src/server/audit/node-audit-crypto.js';
import { openStore } from '../src/store/create-store.js';
import { spawnServerProcess } from '../test/helpers/spawn-server-process.js';

const { values: opts } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, dir: { type: 'string' }, keep: { type: 'string' }, 'http-only': { type: 'boolean' }, 'skip-export': { type: 'boolean' }, threads: { type: 'string' }, rounds: { type: 'string', default: '1' } } });
const total = Number(opts.events);
const CHECKPOINT_EVERY = 100_000;
const BATCH = 10_000;

const work = opts.keep ?? mkdtempSync(join(opts.dir ?? tmpdir(), 'strata-audit-bench-'));
if (opts.keep !== undefined) mkdirSync(work, { recursive: true });
const dbFile = join(work, 'strata.db');
const keyFile = join(work, 'audit.pem');

async function seed(): Promise<void> {
  const store = await openStore(`sqlite:///${dbFile}`, { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
  await store.close();
  const signer = loadOrCreateAuditSigner(keyFile);
  const db = new BetterSqlite3(dbFile);
  db.pragma('journal_mode = WAL');
  const insertEvent = db.prepare(`INSERT INTO audit_events (event_id, time, actor, actor_claimed, action, entity_type, entity_id, summary, seq, leaf_hash, chain_hash)
    VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`);
  const insertCheckpoint = db.prepare('INSERT INTO audit_checkpoints (size, root_hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?)');
  let head: ChainHead = GENESIS_HEAD;
  const start = Date.UTC(2026, 0, 1);
  for (let from = 0; from < total; from += BATCH) {
    const events = Array.from({ length: Math.min(BATCH, total - from) }, (_, i) => {
      const n = from + i;
      return { eventId: n + 1, time: start + n * 10, actor: 'anonymous', action: 'run.set_tag', entityType: 'run', entityId: `run${n % 5000}`, summary: { key: `tag${n % 37}`, value: `v${n}` } };
    });
    const sealed = sealEvents(nodeAuditCrypto, head, events);
    db.transaction(() => {
      events.forEach((e, i) => {
        const s = sealed[i]!;
        insertEvent.run(e.eventId, e.time, e.actor, e.action, e.entityType, e.entityId, JSON.stringify(e.summary), s.sequence, s.leafHash, s.chainHash);
      });
      const last = sealed.at(-1)!;
      head = { sequence: last.sequence, chainHash: last.chainHash };
      if (head.sequence % CHECKPOINT_EVERY === 0 || head.sequence === total) {
        const c = signCheckpoint(signer, { size: head.sequence, rootHash: head.chainHash }, start + head.sequence * 10);
        insertCheckpoint.run(c.size, c.rootHash, c.time, c.keyId, c.signature);
      }
    })();
  }
  db.close();
}

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, env, work, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

let serverPid = 0;
/** Wall seconds, plus the CPU seconds this process and the server spent: on a shared machine the CPU figure is the one that does not depend on the neighbours. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number, string]> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const serverCpu = serverPid ? cpuSecondsOf(serverPid) : 0;
  const result = await fn();
  const used = process.cpuUsage(cpu);
  const cpuText = `CPU: verifier ${((used.user + used.system) / 1e6).toFixed(2)} s, server ${(serverPid ? cpuSecondsOf(serverPid) - serverCpu : 0).toFixed(2)} s`;
  return [result, (performance.now() - t) / 1000, cpuText];
}

if (existsSync(dbFile) && opts.keep !== undefined) {
  console.log(`reusing the seeded database in ${work}`);
} else {
  const [, seedSeconds] = await timed(seed);
  console.log(`seeded ${total.toLocaleString()} sealed events (+ checkpoints) in ${seedSeconds.toFixed(1)} s`);
}
const server = await spawnServerProcess(['--backend-store-uri', `sqlite:///${dbFile}`, '--audit-key', keyFile, '--artifacts-destination', join(work, 'artifacts')], { STRATA_FROM_SOURCE: '1' });
serverPid = server.child.pid!;
try {
  const env = { STRATA_TRACKING_URI: server.url };
  const key = await cli(['audit', 'public-key'], env);
  writeFileSync(join(work, 'key.pem'), key.out);
  const variants = opts.threads === undefined ? [undefined] : opts.threads.split(',').map(Number);
  const walls = new Map<number | undefined, number[]>(variants.map((t) => [t, []]));
  for (let round = 1; round <= Number(opts.rounds); round += 1) {
    for (const threads of variants) {
      const argv = ['audit', 'verify', '--public-key', 'key.pem', ...(threads === undefined ? [] : ['--threads', String(threads)])];
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      const [viaCli, cliSeconds, cliCpu] = await timed(() => cli(argv, env));
      walls.get(threads)!.push(cliSeconds);
      console.log(`round ${round}, strata audit verify${threads === undefined ? '' : ` --threads ${threads}`} (over HTTP, load ${load}): ${cliSeconds.toFixed(2)} s wall (${cliCpu}), exit ${viaCli.code}: ${viaCli.out.split('\n')[0]} ${viaCli.err}`);
    }
  }
  if (opts['http-only'] !== true) await otherPaths(env);
  for (const [threads, seconds] of walls) {
    const median = [...seconds].sort((a, b) => a - b)[Math.floor((seconds.length - 1) / 2)]!;
    console.log(`${threads === undefined ? 'default threads' : `--threads ${threads}`}: median ${median.toFixed(2)} s of ${seconds.map((s) => s.toFixed(2)).join(', ')}; target: verify ${total.toLocaleString()} events in <= 10 s: ${median <= 10 ? 'ok' : 'MISSED'}`);
  }
} finally {
  server.kill('SIGTERM');
  await server.exited;
  if (opts.keep === undefined) rmSync(work, { recursive: true, force: true });
}

async function otherPaths(env: NodeJS.ProcessEnv): Promise<void> {
  const [serverReport, serverSeconds, serverCpu] = await timed(async () => (await fetch(`${server.url}/api/strata/v1/audit/verify`)).json());
  console.log(`GET /audit/verify (server-side): ${serverSeconds.toFixed(2)} s wall (${serverCpu}): ${JSON.stringify(serverReport)}`);
  if (opts['skip-export'] === true) return;
  const [exported, exportSeconds, exportCpu] = await timed(() => cli(['audit', 'export', '--output', 'audit.jsonl'], env));
  console.log(`strata audit export: ${exportSeconds.toFixed(2)} s wall (${exportCpu}), exit ${exported.code} ${exported.err.trim()}`);
  const [offline, offlineSeconds, offlineCpu] = await timed(() => cli(['audit', 'verify', '--file', 'audit.jsonl', '--public-key', 'key.pem'], env));
  console.log(`strata audit verify --file (offline): ${offlineSeconds.toFixed(2)} s wall (${offlineCpu}), exit ${offline.code}: ${offline.out.split('\n')[0]} ${offline.err}`);
}

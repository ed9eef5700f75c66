/**
 * Dataset-versioning benchmark (issue 5). Generates dataset A (20,000 files of 1–8 KiB in
 * 100 folders), B (4 large files) and C (A with 1% modified, 1% added, 1% deleted), then
 * times the engine on them and prints a markdown table against the targets.
 *
 *   node --import tsx bench/data-bench.ts
 *   STRATA_BENCH_B_MIB=64 STRATA_BENCH_DIR=/tmp/x node --import tsx bench/data-bench.ts
 *
 * Each measured step runs in its own child process so its peak RSS is its own; the time
 * is measured inside the child around the engine call (Node + tsx start-up excluded), with
 * its CPU time (user + system, all threads), which the load of a shared machine skews less.
 * Steps run the engine as `strata` does: the compiled dist/ when it is up to date with src/
 * (bin/source-manifest.js; hash workers then start in ~30 ms instead of ~300 ms through
 * tsx), the sources otherwise. STRATA_FROM_SOURCE=1 forces the sources. The table says which.
 * Status is also timed as the whole `strata data status` command a user runs (bin/strata.js,
 * start-up included), since that is what DVC's and git-annex's figures measure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDistFresh } from '../bin/source-manifest.js';
import type * as Engine from '../src/data/index.js';

const A_FILES = 20_000;
const A_FOLDERS = 100;
const B_FILES = 4;
const B_MIB = Number(process.env.STRATA_BENCH_B_MIB ?? 512);

interface StepResult {
  ms: number;
  /** CPU time (user + system, all threads) of the engine call. */
  cpuMs: number;
  maxRssMiB: number;
  ok: boolean;
  detail: string;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const fromDist = process.env.STRATA_FROM_SOURCE !== '1' && isDistFresh(root);

function loadEngine(): Promise<typeof Engine> {
  // A computed specifier: the compiled engine has the same API as the sources it was built from.
  const entry = fromDist ? '../dist/data/index.js' : '../src/data/index.js';
  return import(entry) as Promise<typeof Engine>;
}

/** Child mode: run one engine call and report its time and the process's peak RSS. */
async function runStep(step: string, cwd: string, arg: string): Promise<void> {
  const { addPaths, dataPull, dataPush, dataStatus } = await loadEngine();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let ok = true;
  let detail = '';
  if (step === 'add') {
    const res = await addPaths([arg], { cwd });
    ok = res.outcomes.every((o) => o.ok);
    detail = JSON.stringify(res.outcomes.map((o) => (o.ok ? { hashed: o.hashedFiles } : o.error)));
  } else if (step === 'status') {
    const res = await dataStatus([arg], { cwd });
    ok = res.isClean;
    detail = res.isClean ? 'clean' : JSON.stringify(res.outcomes).slice(0, 200);
  } else if (step === 'push') {
    const res = await dataPush({}, { cwd });
    ok = res.failures.length === 0;
    detail = `${res.transferred} objects`;
  } else if (step === 'pull') {
    const res = await dataPull({}, { cwd });
    ok = res.failures.length === 0 && res.checkout.outcomes.every((o) => o.ok);
    detail = `${res.transferred} objects`;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, cpuMs, maxRssMiB, ok, detail }));
}

function step(step: string, cwd: string, arg = ''): StepResult {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, ['--import', 'tsx', self, '--step', step, cwd, arg], {
    cwd: root,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`step ${step} failed: ${res.stderr}`);
  const result = JSON.parse(res.stdout) as StepResult;
  process.stderr.write(`${step} ${arg}: ${result.ms.toFixed(0)} ms (CPU ${result.cpuMs.toFixed(0)} ms), ${result.maxRssMiB.toFixed(0)} MiB, ${result.detail}\n`);
  return result;
}

/**
 * What a user waits for: the whole `strata data status` command (Node start-up, CLI, engine),
 * median of `runs`, with `node -e 0` on this machine for scale.
 */
function wholeCommand(cwd: string, runs = 7): { ms: number; nodeMs: number } {
  const median = (args: string[]): number => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
      times.push(performance.now() - started);
      if (res.status !== 0) throw new Error(`${args.join(' ')} failed: ${res.stderr}`);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
  };
  return { ms: median([join(root, 'bin/strata.js'), 'data', 'status', 'A']), nodeMs: median(['-e', '0']) };
}

function generateA(root: string): string[] {
  const files: string[] = [];
  for (let d = 0; d < A_FOLDERS; d++) {
    mkdirSync(join(root, `d${d}`), { recursive: true });
    for (let f = 0; f < A_FILES / A_FOLDERS; f++) {
      const rel = `d${d}/f${f}.bin`;
      writeFileSync(join(root, rel), randomBytes(1024 + Math.floor(Math.random() * 7 * 1024)));
      files.push(rel);
    }
  }
  return files;
}

/** C: 1% modified (replaced, as editors save), 1% added, 1% deleted. */
function applyC(root: string, files: string[]): void {
  const n = files.length / 100;
  for (let i = 0; i < n; i++) {
    const modified = join(root, files[i * 97] as string);
    unlinkSync(modified);
    writeFileSync(modified, randomBytes(2048));
    unlinkSync(join(root, files[i * 97 + 1] as string));
    writeFileSync(join(root, `d${i % A_FOLDERS}`, `new${i}.bin`), randomBytes(3000));
  }
}

function generateB(root: string): void {
  mkdirSync(root, { recursive: true });
  const chunk = randomBytes(8 << 20);
  for (let i = 0; i < B_FILES; i++) {
    const fd = openSync(join(root, `part${i}.bin`), 'w');
    for (let m = 0; m < B_MIB; m += 8) {
      chunk.writeUInt32LE(i * 100_000 + m, 0);
      writeSync(fd, chunk, 0, Math.min(8, B_MIB - m) << 20);
    }
    closeSync(fd);
  }
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

function initRepo(dir: string, initDataRepo: typeof Engine.initDataRepo): void {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.name', 'bench');
  git(dir, 'config', 'user.email', 'bench@strata.invalid');
  initDataRepo(dir);
}

function row(work: string, target: string, value: string, pass: boolean, note: string): string {
  return `| ${work} | ${target} | ${value} | ${pass ? 'yes' : '**no**'} | ${note} |`;
}

async function main(): Promise<void> {
  const { addRemote, initDataRepo } = await loadEngine();
  const base = process.env.STRATA_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'strata-data-bench-'));
  const repo = join(base, 'repo');
  const remote = join(base, 'remote');
  const clone = join(base, 'clone');
  rmSync(base, { recursive: true, force: true });
  initRepo(repo, initDataRepo);
  addRemote('local', remote, true, { cwd: repo });
  const files = generateA(join(repo, 'A'));
  generateB(join(repo, 'B'));

  const addA = step('add', repo, 'A');
  const status = step('status', repo, 'A');
  const statusCommand = wholeCommand(repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'A');
  const push = step('push', repo);
  applyC(join(repo, 'A'), files);
  const addC = step('add', repo, 'A');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'C');
  execFileSync('git', ['clone', '-q', repo, clone]);
  git(clone, 'checkout', '-q', 'HEAD~1');
  initDataRepo(clone);
  const pull = step('pull', clone);
  const addB = step('add', repo, 'B');
  const gbps = (B_FILES * B_MIB * 1024 * 1024) / 1e9 / (addB.ms / 1000);

  const s = (r: StepResult) => `${(r.ms / 1000).toFixed(3)} s`;
  const cpu = (r: StepResult) => `CPU ${(r.cpuMs / 1000).toFixed(2)} s`;
  const lines = [
    `Dataset A: ${A_FILES} files of 1–8 KiB in ${A_FOLDERS} folders; B: ${B_FILES} × ${B_MIB} MiB; C: A ±1%. Engine: ${fromDist ? 'dist/ (compiled, up to date)' : 'src/ through tsx'}.`,
    '',
    '| work | target | Strata | meets | note |',
    '|---|---|---|---|---|',
    row('add A', '≤ 2 s', s(addA), addA.ok && addA.ms <= 2000, `${cpu(addA)}, peak RSS ${addA.maxRssMiB.toFixed(0)} MiB`),
    row('status, A unchanged', '≤ 0.15 s', s(status), status.ok && status.ms <= 150, `${cpu(status)}, ${status.detail}`),
    row(
      'status, A unchanged: whole `strata data status A` command',
      '≤ 0.15 s',
      `${(statusCommand.ms / 1000).toFixed(3)} s`,
      statusCommand.ms <= 150,
      `median of 7; \`node -e 0\` alone takes ${(statusCommand.nodeMs / 1000).toFixed(3)} s here`,
    ),
    row('add after C', '≤ 0.5 s', s(addC), addC.ok && addC.ms <= 500, `${cpu(addC)}, ${addC.detail}`),
    row('push A to a local remote', '≤ 2 s', s(push), push.ok && push.ms <= 2000, `${cpu(push)}, ${push.detail}`),
    row('pull A from a local remote (fresh clone)', '≤ 3 s', s(pull), pull.ok && pull.ms <= 3000, `${cpu(pull)}, ${pull.detail}`),
    row(`add B (${(B_FILES * B_MIB) / 1024} GiB)`, '≥ 1.5 GB/s', `${gbps.toFixed(2)} GB/s`, addB.ok && gbps >= 1.5, `${s(addB)}, ${cpu(addB)}, peak RSS ${addB.maxRssMiB.toFixed(0)} MiB`),
    row('peak memory, add A / add B', '< 300 MiB', `${addA.maxRssMiB.toFixed(0)} / ${addB.maxRssMiB.toFixed(0)} MiB`, Math.max(addA.maxRssMiB, addB.maxRssMiB) < 300, ''),
  ];
  console.log(lines.join('\n'));
  if (!process.env.STRATA_BENCH_KEEP) rmSync(base, { recursive: true, force: true });
}

const stepAt = process.argv.indexOf('--step');
if (stepAt >= 0) await runStep(process.argv[stepAt + 1] ?? '', process.argv[stepAt + 2] ?? '', process.argv[stepAt + 3] ?? '');
else await main();

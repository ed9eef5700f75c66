// Artifact benchmark: drives a real `strata server` process over HTTP and prints the issue's
// table: 1 GiB upload and download to local disk against `cp` of the same file on the same
// disk, server RSS while 2 GiB goes up and comes back, 10,000 files of 4 KiB through
// logArtifacts, and 1 GiB multipart upload to the radosgw endpoint.
//
//   node --import tsx bench/artifacts.ts [--dir DIR] [--skip-s3] [--skip-rss]
//
// DIR (default: the OS temp dir) holds the source files, the copies and the server's
// artifacts, so cp and the server write to the same disk.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { StrataClient } from '../src/client/index.js';
import { spawnServerProcess, type ServerProcess } from '../test/helpers/spawn-server-process.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string' },
    'skip-s3': { type: 'boolean', default: false },
    'skip-rss': { type: 'boolean', default: false },
    's3-endpoint': { type: 'string', default: process.env.STRATA_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:18400' },
  },
});

const rows: string[][] = [];
function report(work: string, result: string, target: string, ok: boolean | undefined): void {
  rows.push([work, result, target, ok === undefined ? '' : ok ? 'ok' : 'MISSED']);
  console.log(`  ${work}: ${result} (target ${target})${ok === false ? '  <-- missed' : ''}`);
}

function writeRandomFile(path: string, bytes: number): void {
  const chunk = randomBytes(16 * MiB);
  const fd = openSync(path, 'w');
  for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  closeSync(fd);
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** CPU seconds (user + system, all threads) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Every timed transfer starts from the same page-cache state: earlier writes flushed
 * (`sync`, untimed) and earlier outputs deleted. Without this, cp (whose copies are removed
 * at once and whose freed pages the next copy reuses) and the uploads (whose files stay)
 * write into very differently priced memory: on this VM, writing 1 GiB into fresh pages
 * costs 2-3 s of kernel time against 0.3 s into recycled ones, for cp as much as for us.
 */
function settle(): void {
  spawnSync('sync');
}

interface Sample {
  wall: number;
  /** This process (cp: the child) and the server, in CPU seconds. */
  clientCpu: number;
  serverCpu: number;
}

async function sample(serverPid: number | undefined, fn: () => Promise<unknown> | unknown): Promise<Sample> {
  settle();
  const server0 = serverPid === undefined ? 0 : cpuSeconds(serverPid);
  const client0 = process.cpuUsage();
  const wall = await timed(fn);
  const client = process.cpuUsage(client0);
  return {
    wall,
    clientCpu: (client.user + client.system) / 1e6,
    serverCpu: serverPid === undefined ? 0 : cpuSeconds(serverPid) - server0,
  };
}

function medianSample(samples: Sample[]): Sample {
  return [...samples].sort((a, b) => a.wall - b.wall)[Math.floor(samples.length / 2)]!;
}

function cpuText(s: Sample): string {
  return `CPU client ${s.clientCpu.toFixed(2)} s + server ${s.serverCpu.toFixed(2)} s`;
}

/** `cp` of the file to a fresh name on the same disk (removed after). CPU is cp's own, from /usr/bin/time. */
function cpOnce(source: string, dir: string): Sample {
  settle();
  const target = join(dir, 'cp.bin');
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', 'cp', source, target], { encoding: 'utf8' });
  const wall = (performance.now() - start) / 1000;
  const [user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(target);
  return { wall, clientCpu: (user ?? 0) + (system ?? 0), serverCpu: 0 };
}

async function startServer(dir: string, destination: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  return spawnServerProcess(['--backend-store-uri', `sqlite:///${join(dir, `strata-${Date.now()}.db`)}`, '--artifacts-destination', destination], env);
}

async function stopServer(server: ServerProcess): Promise<void> {
  server.kill('SIGTERM');
  await server.exited;
}

async function uploadDownloadVsCp(dir: string, source: string, bytes: number): Promise<void> {
  console.log(`1 GiB upload and download vs cp (${dir}), interleaved, 3 rounds`);
  const server = await startServer(dir, join(dir, 'artifacts'));
  try {
    const client = new StrataClient({ trackingUri: server.url });
    const run = await client.startRun({ experiment: 'bench-artifacts' });
    const pid = server.child.pid!;
    const cps: Sample[] = [];
    const ups: Sample[] = [];
    const downs: Sample[] = [];
    const name = source.split('/').pop()!;
    for (let i = 0; i < 3; i++) {
      cps.push(cpOnce(source, dir));
      ups.push(await sample(pid, () => run.logArtifact(source, `up-${i}`)));
      const dest = join(dir, `down-${i}`);
      downs.push(await sample(pid, () => client.downloadArtifacts(run.runId, `up-${i}/${name}`, dest)));
      // Outputs go, as cp's copy does (see settle()).
      rmSync(dest, { recursive: true, force: true });
      await deleteArtifact(server.url, run.runId, `up-${i}`, client);
    }
    const rate = (s: number) => `${((bytes / MiB) / s).toFixed(0)} MiB/s`;
    const cp = medianSample(cps);
    const up = medianSample(ups);
    const down = medianSample(downs);
    const walls = (xs: Sample[]) => xs.map((x) => x.wall.toFixed(2)).join(' / ');
    report('cp 1 GiB (median of 3)', `${cp.wall.toFixed(2)} s, ${rate(cp.wall)}; CPU ${cp.clientCpu.toFixed(2)} s; runs ${walls(cps)}`, '-', undefined);
    report('upload 1 GiB (logArtifact)', `${up.wall.toFixed(2)} s, ${rate(up.wall)}, ${((cp.wall / up.wall) * 100).toFixed(0)}% of cp; ${cpuText(up)}; runs ${walls(ups)}`, '>= 70% of cp', cp.wall / up.wall >= 0.7);
    report('download 1 GiB (downloadArtifacts)', `${down.wall.toFixed(2)} s, ${rate(down.wall)}, ${((cp.wall / down.wall) * 100).toFixed(0)}% of cp; ${cpuText(down)}; runs ${walls(downs)}`, '>= 70% of cp', cp.wall / down.wall >= 0.7);
  } finally {
    await stopServer(server);
  }
}

/** Removes a run's artifact directory through the proxied API. */
async function deleteArtifact(url: string, runId: string, path: string, client: StrataClient): Promise<void> {
  const { run } = await client.getRun({ run_id: runId });
  const root = run.info.artifact_uri.replace(/^mlflow-artifacts:\/?/, '');
  const response = await fetch(`${url}/api/2.0/mlflow-artifacts/artifacts/${root}/${path}`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`DELETE ${path}: HTTP ${response.status}`);
}

async function rssDuringLargeTransfer(dir: string): Promise<void> {
  console.log('server RSS while 2 GiB goes up and comes back down');
  const source = join(dir, 'two-gib.bin');
  writeRandomFile(source, 2 * GiB);
  const server = await startServer(dir, join(dir, 'artifacts-rss'));
  try {
    const client = new StrataClient({ trackingUri: server.url });
    const run = await client.startRun({ experiment: 'bench-rss' });
    const pid = server.child.pid!;
    let peak = rssMiB(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20);
    const up = await timed(() => run.logArtifact(source));
    const down = await timed(() => client.downloadArtifacts(run.runId, 'two-gib.bin', join(dir, 'rss-down')));
    clearInterval(sampler);
    report('server peak RSS, 2 GiB up + down', `${peak.toFixed(0)} MiB (up ${up.toFixed(1)} s, down ${down.toFixed(1)} s)`, '< 200 MiB', peak < 200);
  } finally {
    await stopServer(server);
    rmSync(source, { force: true });
    rmSync(join(dir, 'rss-down'), { recursive: true, force: true });
  }
}

async function manySmallFiles(dir: string): Promise<void> {
  console.log('10,000 files of 4 KiB through logArtifacts');
  const many = join(dir, 'many');
  for (let d = 0; d < 100; d++) {
    mkdirSync(join(many, `d${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) {
      const fd = openSync(join(many, `d${d}`, `f${f}.bin`), 'w');
      writeSync(fd, randomBytes(4096));
      closeSync(fd);
    }
  }
  const server = await startServer(dir, join(dir, 'artifacts-many'));
  try {
    const client = new StrataClient({ trackingUri: server.url });
    const run = await client.startRun({ experiment: 'bench-many' });
    const s = await sample(server.child.pid!, () => run.logArtifacts(many, 'many'));
    report('10,000 x 4 KiB logArtifacts', `${(10_000 / s.wall).toFixed(0)} files/s (${s.wall.toFixed(2)} s; ${cpuText(s)})`, '>= 1,500 files/s', 10_000 / s.wall >= 1500);
  } finally {
    await stopServer(server);
  }
}

async function multipartToS3(dir: string, source: string, bytes: number): Promise<void> {
  const endpoint = opts['s3-endpoint']!;
  console.log(`1 GiB multipart upload to ${endpoint}`);
  const reachable = await fetch(endpoint, { signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
  if (!reachable) return report('1 GiB multipart to S3', `skipped: nothing answers at ${endpoint}`, 'runs', false);
  const env = {
    AWS_ACCESS_KEY_ID: process.env.STRATA_TEST_S3_ACCESS_KEY ?? 'TESTAK',
    AWS_SECRET_ACCESS_KEY: process.env.STRATA_TEST_S3_SECRET_KEY ?? 'TESTSK',
    MLFLOW_S3_ENDPOINT_URL: endpoint,
  };
  const { createS3Client } = await import('../src/artifacts/create-s3-client.js');
  const { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const s3 = createS3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
  const bucket = `strata-bench-${Date.now()}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const server = await startServer(dir, `s3://${bucket}/bench`, env);
  try {
    const client = new StrataClient({ trackingUri: server.url });
    const run = await client.startRun({ experiment: 'bench-s3' });
    const partBytes = 64 * MiB;
    const seconds = await timed(() => run.logArtifact(source, 'mpu', { multipartThresholdBytes: partBytes, multipartPartBytes: partBytes }));
    const listed = await client.listArtifacts(run.runId, 'mpu');
    const stored = listed.files?.[0]?.file_size === bytes;
    report('1 GiB multipart to radosgw (16 x 64 MiB parts, 8 in parallel)', `${seconds.toFixed(2)} s, ${((bytes / MiB) / seconds).toFixed(0)} MiB/s${stored ? '' : ' (SIZE MISMATCH)'}`, 'completes', stored);
  } finally {
    await stopServer(server);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const objects = (listed.Contents ?? []).map((o) => ({ Key: o.Key }));
    if (objects.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  }
}

const dir = mkdtempSync(join(opts.dir ?? tmpdir(), 'strata-bench-artifacts-'));
try {
  const source = join(dir, 'one-gib.bin');
  writeRandomFile(source, GiB);
  await uploadDownloadVsCp(dir, source, GiB);
  if (!opts['skip-rss']) await rssDuringLargeTransfer(dir);
  await manySmallFiles(dir);
  if (!opts['skip-s3']) await multipartToS3(dir, source, GiB);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n| work | result | target | |\n|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

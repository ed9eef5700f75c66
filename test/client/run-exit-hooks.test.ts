/**
 * A script that dies before run.end() does not leave its run RUNNING forever: buffered
 * points are flushed, then the run is marked FAILED (uncaught exception or unhandled
 * rejection) or KILLED (SIGINT, SIGTERM), and the process still dies as it would have. A
 * script that simply finishes without end() gets its run marked FINISHED, as MLflow's fluent
 * API does at exit.
 * Each case is a real child process running the SDK. SQLite only: the SDK's exit hooks are
 * under test; the run updates they send are checked on both databases in test/http.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { StrataClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

const clientUrl = new URL('../../src/client/index.ts', import.meta.url).href;
const POINTS = 1500;

/** Starts a run, buffers POINTS points (more than one batch), prints the run id, then does `then`. */
function script(then: string): string {
  return `
import { createClientFromEnv } from ${JSON.stringify(clientUrl)};
const run = await createClientFromEnv(process.env).startRun({ experiment: 'exit-hooks' });
for (let step = 0; step < ${POINTS}; step++) run.logMetric('loss', step, step);
console.log(run.runId);
${then}
`;
}

interface Child {
  runId: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function runScript(source: string, url: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    env: { ...process.env, STRATA_TRACKING_URI: url },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const runId = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!.trim());
    });
    child.on('exit', () => reject(new Error(`exited before printing its run id: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { runId, exited, kill: (signal) => child.kill(signal) };
}

describe('runs of a script that dies before end()', () => {
  let server: TestServer;
  let client: StrataClient;
  before(async () => {
    server = await startTestServer();
    client = new StrataClient({ trackingUri: server.url });
  });
  after(() => server.close());

  async function assertEnded(runId: string, status: string): Promise<void> {
    const { run } = await client.getRun({ run_id: runId });
    assert.equal(run.info.status, status);
    assert.ok((run.info.end_time ?? 0) > 0, 'end time recorded');
    const history = await client.getFullMetricHistory(runId, 'loss');
    assert.equal(history.length, POINTS, 'every buffered point was flushed first');
  }

  it('marks the run FINISHED when the script ends without calling end()', async () => {
    const child = runScript(script(''), server.url);
    const [runId, exit] = await Promise.all([child.runId, child.exited]);
    assert.equal(exit.code, 0, exit.stderr);
    assert.equal(exit.stderr, '');
    await assertEnded(runId, 'FINISHED');
  });

  it('exits at once, saying so, when the server is gone before a run left open is ended', async () => {
    const gone = await startTestServer();
    const source = `
import { createClientFromEnv } from ${JSON.stringify(clientUrl)};
const run = await createClientFromEnv(process.env).startRun({ experiment: 'exit-hooks' });
console.log(run.runId);
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
      env: { ...process.env, STRATA_TRACKING_URI: gone.url },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await gone.close();
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write('go\n');
    assert.equal(await exited, 0);
    assert.ok(Date.now() - started < 4000, 'no retries against a server that is gone');
    assert.match(stderr, /could not be marked FINISHED at exit/);
  });

  it('marks the run FAILED on an uncaught exception, prints it and exits 1', async () => {
    const child = runScript(script(`setTimeout(() => { throw new Error('boom in training'); }, 10);`), server.url);
    const [runId, exit] = await Promise.all([child.runId, child.exited]);
    assert.equal(exit.code, 1);
    assert.match(exit.stderr, /Error: boom in training/);
    await assertEnded(runId, 'FAILED');
  });

  it('marks the run FAILED when top-level await rejects', async () => {
    const child = runScript(script(`await Promise.reject(new Error('async boom'));`), server.url);
    const [runId, exit] = await Promise.all([child.runId, child.exited]);
    assert.equal(exit.code, 1);
    assert.match(exit.stderr, /async boom/);
    await assertEnded(runId, 'FAILED');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`marks the run KILLED on ${signal}, then dies of the signal`, async () => {
      const child = runScript(script(`setInterval(() => {}, 1000);`), server.url);
      const runId = await child.runId;
      child.kill(signal);
      const exit = await child.exited;
      assert.equal(exit.signal, signal);
      await assertEnded(runId, 'KILLED');
    });
  }

  it('leaves the run alone when the script handles the signal itself', async () => {
    const handled = `process.on('SIGTERM', () => { console.log('handled'); setTimeout(() => process.exit(0), 50); }); setInterval(() => {}, 1000);`;
    const child = runScript(script(handled), server.url);
    const runId = await child.runId;
    child.kill('SIGTERM');
    const exit = await child.exited;
    assert.equal(exit.code, 0);
    assert.equal((await client.getRun({ run_id: runId })).run.info.status, 'RUNNING');
  });

  it('leaves the run alone with endOnExit: false', async () => {
    const source = `
import { createClientFromEnv } from ${JSON.stringify(clientUrl)};
const run = await createClientFromEnv(process.env).startRun({ experiment: 'exit-hooks', endOnExit: false });
console.log(run.runId);
setTimeout(() => { throw new Error('boom'); }, 10);
`;
    const child = runScript(source, server.url);
    const [runId, exit] = await Promise.all([child.runId, child.exited]);
    assert.equal(exit.code, 1);
    assert.equal((await client.getRun({ run_id: runId })).run.info.status, 'RUNNING');
  });
});

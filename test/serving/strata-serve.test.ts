// `strata serve` end to end (issue 15), through real processes: a model logged with
// run.logModel and registered, served by alias from a child process, following alias moves by
// webhook and by polling, refusing a corrupt model and a SHA-256 mismatch while the old version
// keeps serving, no failed request during a switch, every start/switch/refusal/stop recorded
// on the tracking server, SIGTERM a clean stop, and serving on while the tracking server is down.
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/client/browser.js';
import { WebhookClient } from '../../src/client/webhook-client.js';
import type { DeploymentEventWire } from '../../src/api/strata-deployments.js';
import { writeMlflowModelDirectory } from '../support/onnx-models.js';
import {
  corruptStoredHash, eventually, logAndRegister, modelVersion, ROWS, score, setAlias, spawnServe, startTracking, whichModel,
  type ServeProcess, type Tracking,
} from './serve-harness.js';

const MODELS = { '1': modelVersion(1), '2': modelVersion(2), '4': modelVersion(4) };
const model = MODELS['1'];

/** Which version answered (by its predictions), or undefined for a failed request. */
async function servedVersion(url: string): Promise<string | undefined> {
  const answer = await score(url, model, ROWS);
  return answer.status === 200 ? whichModel(answer.predictions, ROWS, MODELS) : undefined;
}

describe('strata serve', { timeout: 240_000 }, () => {
  let tracking: Tracking;
  let cacheRoot: string;
  const sdk = () => createClient({ trackingUri: tracking.url, retry: { maxAttempts: 2 } });
  const history = async (name: string): Promise<DeploymentEventWire[]> => [...(await sdk().deployments.history({ name }))].reverse();
  const serving: ServeProcess[] = [];
  const serve = async (args: string[]) => {
    const process = await spawnServe(['--tracking-uri', tracking.url, '--cache-dir', join(cacheRoot, String(serving.length)), ...args]);
    serving.push(process);
    return process;
  };

  before(async () => {
    tracking = await startTracking();
    cacheRoot = await mkdtemp(join(tmpdir(), 'strata-serve-cache-'));
  });
  after(async () => {
    for (const process of serving) process.child.kill('SIGKILL');
    await tracking?.close();
    await rm(cacheRoot, { recursive: true, force: true });
  });

  it('follows the alias by webhook with no failed request, refuses a corrupt model and a SHA-256 mismatch, and stops cleanly on SIGTERM', async () => {
    await logAndRegister(tracking, 'fraud', MODELS['1']);
    await logAndRegister(tracking, 'fraud', MODELS['2']);
    await setAlias(tracking, 'fraud', 'production', '1');
    // Polling every hour: within this test only the webhook can move it.
    const server = await serve(['models:/fraud@production', '--poll-interval', '1h', '--environment', 'test']);
    assert.equal(await servedVersion(server.url), '1');
    const webhooks = await new WebhookClient({ trackingUri: tracking.url }).listWebhooks();
    assert.equal(webhooks.webhooks?.length, 1);

    // Load while the alias moves: every request succeeds, each answered wholly by v1 or by v2.
    const answers: Array<string | undefined> = [];
    let loading = true;
    const load = Promise.all(Array.from({ length: 4 }, async () => {
      while (loading) answers.push(await servedVersion(server.url));
    }));
    await setAlias(tracking, 'fraud', 'production', '2');
    await eventually(async () => ((await servedVersion(server.url)) === '2' ? true : undefined));
    const switchedAt = answers.length;
    await eventually(async () => (answers.length > switchedAt + 20 ? true : undefined));
    loading = false;
    await load;
    assert.ok(answers.length > 20);
    assert.deepEqual(answers.filter((v) => v !== '1' && v !== '2'), [], 'no failed request and none answered by anything but v1 or v2');
    assert.equal(answers.at(-1), '2');

    // v3: a model file that is not ONNX. Refused at load; v2 keeps serving.
    await logAndRegister(tracking, 'fraud', MODELS['1'], new TextEncoder().encode('this is not an onnx model'));
    await setAlias(tracking, 'fraud', 'production', '3');
    const refused3 = await eventually(async () => (await history('fraud-production')).find((e) => e.kind === 'switch_failed' && e.to_version === '3'));
    assert.equal(refused3.from_version, '2');
    assert.equal(await servedVersion(server.url), '2');

    // v4: a valid model whose stored SHA-256 does not match its bytes. Refused at download.
    const v4 = await logAndRegister(tracking, 'fraud', MODELS['4']);
    await corruptStoredHash(tracking, v4.runId);
    await setAlias(tracking, 'fraud', 'production', '4');
    const refused4 = await eventually(async () => (await history('fraud-production')).find((e) => e.kind === 'switch_failed' && e.to_version === '4'));
    assert.match(refused4.message ?? '', /SHA-256/);
    assert.equal(await servedVersion(server.url), '2');

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
    const events = await history('fraud-production');
    assert.deepEqual(events.map((e) => [e.kind, e.from_version ?? null, e.to_version ?? null, e.reason]), [
      ['started', null, '1', 'initial load'],
      ['switched', '1', '2', 'alias moved (webhook)'],
      ['switch_failed', '2', '3', 'alias moved (webhook)'],
      ['switch_failed', '2', '4', 'alias moved (webhook)'],
      ['stopped', '2', null, 'shutdown (SIGTERM)'],
    ]);
    const [deployment] = await sdk().deployments.list({ name: 'fraud-production', includeStopped: true });
    assert.equal(deployment?.environment, 'test');
    assert.equal(deployment?.endpoint_url, server.url);
    assert.equal(deployment?.status, 'stopped');
    assert.equal((await new WebhookClient({ trackingUri: tracking.url }).listWebhooks()).webhooks?.length ?? 0, 0, 'the webhook is deleted at shutdown');
  });

  it('follows the alias by polling with --no-webhook', async () => {
    await logAndRegister(tracking, 'churn', MODELS['1']);
    await logAndRegister(tracking, 'churn', MODELS['2']);
    await setAlias(tracking, 'churn', 'live', '1');
    const server = await serve(['models:/churn@live', '--no-webhook', '--poll-interval', '300ms', '--name', 'churn-svc']);
    assert.equal(await servedVersion(server.url), '1');
    assert.equal((await new WebhookClient({ trackingUri: tracking.url }).listWebhooks()).webhooks?.length ?? 0, 0);
    await setAlias(tracking, 'churn', 'live', '2');
    await eventually(async () => ((await servedVersion(server.url)) === '2' ? true : undefined));
    const switched = await eventually(async () => (await history('churn-svc')).find((e) => e.kind === 'switched'));
    assert.equal(switched.reason, 'alias moved (poll)');
    server.child.kill('SIGINT');
    assert.equal(await server.exited, 0, server.output());
  });

  it("serves a version registered as MLflow's client registers it: the run's artifact location and the run id", async () => {
    const run = await tracking.client.startRun({ experiment: 'serving', endOnExit: false });
    const logged = await run.logModel({
      onnx: MODELS['2'].bytes,
      signature: { inputs: MODELS['2'].features.map((f) => ({ name: f, type: 'double' })) },
      inputExample: MODELS['2'].inputExample as { columns: string[]; data: number[][] },
    });
    await run.end();
    const { run: info } = await tracking.client.getRun({ run_id: run.runId });
    await tracking.client.registry.createRegisteredModel({ name: 'mlflow-style' });
    // mlflow.register_model('runs:/…/model') sends the underlying location, not the runs:/ URI.
    const { model_version } = await tracking.client.registry.createModelVersion({
      name: 'mlflow-style',
      source: `${info.info.artifact_uri}/${logged.artifactPath}`,
      run_id: run.runId,
    });
    assert.doesNotMatch(model_version.source ?? '', /^runs:/);
    const server = await serve([`models:/mlflow-style/${model_version.version}`, '--no-webhook']);
    assert.equal(await servedVersion(server.url), '2');
    assert.equal(await (await fetch(`${server.url}/version`)).text(), model_version.version);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
  });

  it('serves a local model directory with no tracking server', async () => {
    const dir = join(cacheRoot, 'local-model');
    await writeMlflowModelDirectory(dir, MODELS['2']);
    const server = await spawnServe([dir, '--tracking-uri', 'http://127.0.0.1:9']);
    serving.push(server);
    assert.equal(await servedVersion(server.url), '2');
    assert.equal(await (await fetch(`${server.url}/version`)).text(), 'local');
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
  });

  it('keeps serving while the tracking server is down, starts from its cache, and registers once the server is back', async () => {
    await logAndRegister(tracking, 'risk', MODELS['1']);
    await setAlias(tracking, 'risk', 'production', '1');
    const cacheDir = join(cacheRoot, 'risk-cache');
    const first = await spawnServe(['models:/risk@production', '--tracking-uri', tracking.url, '--cache-dir', cacheDir, '--no-webhook', '--poll-interval', '300ms', '--name', 'risk-a']);
    serving.push(first);
    assert.equal(await servedVersion(first.url), '1');

    await tracking.stop();
    assert.equal(await servedVersion(first.url), '1', 'serves on with the tracking server down');
    // A second process starting now: the registry cannot be asked, the cache holds the last version served.
    const second = await spawnServe(['models:/risk@production', '--tracking-uri', tracking.url, '--cache-dir', cacheDir, '--no-webhook', '--poll-interval', '300ms', '--name', 'risk-b']);
    serving.push(second);
    assert.equal(await servedVersion(second.url), '1');
    assert.match(second.output(), /serving cached version 1/);

    await tracking.restart();
    const started = await eventually(async () => (await history('risk-b')).find((e) => e.kind === 'started'));
    assert.equal(started.to_version, '1');
    for (const server of [first, second]) {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0, server.output());
    }
    assert.deepEqual((await history('risk-b')).map((e) => e.kind), ['started', 'stopped']);
  });
});

describe('strata serve --workers', { timeout: 240_000 }, () => {
  let tracking: Tracking;
  let cacheDir: string;
  let server: ServeProcess | undefined;
  const sdk = () => createClient({ trackingUri: tracking.url, retry: { maxAttempts: 2 } });

  before(async () => {
    tracking = await startTracking();
    cacheDir = await mkdtemp(join(tmpdir(), 'strata-serve-cluster-'));
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    await tracking?.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('switches every worker together and records the switch once; a version a worker cannot load is refused by all', async () => {
    await logAndRegister(tracking, 'fraud', MODELS['1']);
    await logAndRegister(tracking, 'fraud', MODELS['2']);
    await setAlias(tracking, 'fraud', 'production', '1');
    server = await spawnServe(['models:/fraud@production', '--workers', '2', '--tracking-uri', tracking.url, '--cache-dir', cacheDir, '--poll-interval', '1h']);
    assert.match(server.output(), /2 workers/);
    assert.equal(await servedVersion(server.url), '1');
    await setAlias(tracking, 'fraud', 'production', '2');
    // Once one answer comes from v2 the commit has reached every worker: no answer after it is from v1.
    await eventually(async () => ((await servedVersion(server!.url)) === '2' ? true : undefined));
    const after = await Promise.all(Array.from({ length: 40 }, () => servedVersion(server!.url)));
    assert.ok(after.every((v) => v === '2'), after.join(','));

    // A worker that dies is replaced by one loaded with the version being served.
    const workerPids = execFileSync('pgrep', ['-P', String(server.child.pid), '-f', 'strata.js']).toString().trim().split('\n').map(Number);
    assert.equal(workerPids.length, 2);
    process.kill(workerPids[0]!, 'SIGKILL');
    await eventually(async () => (/replacement worker \d+ is serving/.test(server!.output()) ? true : undefined));
    const replaced = await Promise.all(Array.from({ length: 40 }, () => servedVersion(server!.url)));
    assert.ok(replaced.every((v) => v === '2'), replaced.join(','));

    await logAndRegister(tracking, 'fraud', MODELS['1'], new TextEncoder().encode('not onnx'));
    await setAlias(tracking, 'fraud', 'production', '3');
    const events = async () => [...(await sdk().deployments.history({ name: 'fraud-production' }))].reverse();
    const refused = await eventually(async () => (await events()).find((e) => e.kind === 'switch_failed'));
    assert.match(refused.message ?? '', /failed to load on 2 of 2 workers/);
    const still = await Promise.all(Array.from({ length: 20 }, () => servedVersion(server!.url)));
    assert.ok(still.every((v) => v === '2'), still.join(','));

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
    assert.deepEqual((await events()).map((e) => [e.kind, e.to_version ?? null]), [['started', '1'], ['switched', '2'], ['switch_failed', '3'], ['stopped', null]]);
  });
});

// The audit chain over HTTP on SQLite and PostgreSQL: the public key endpoint, checkpoints signed
// on demand and verifiable with nothing but that key, the chain in sequence order with pending
// counts, the server's own verify; and on PostgreSQL, two server instances (replicas) sharing
// one database and one key file, written to concurrently: every event sealed exactly once.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { createClient } from '../../src/client/create-client.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const PREFIX = '/api/strata/v1/audit';
const dialects = await testDialects('HTTP audit chain tests');

/** A checkpoint checked the way an outsider would: the documented message, the public key, node:crypto. */
function checkpointVerifies(checkpoint: { size: number; root_hash: string; time: number; signature: string }, publicKeyPem: string): boolean {
  const message = `strata-audit-checkpoint/1\n${JSON.stringify({ size: checkpoint.size, root_hash: checkpoint.root_hash, time: checkpoint.time })}`;
  return verify(null, Buffer.from(message), publicKeyPem, Buffer.from(checkpoint.signature, 'base64'));
}

const postJson = async (server: TestServer, path: string) => {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return { status: response.status, json: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

for (const dialect of dialects) {
  describeOrSkip(`audit chain over HTTP on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let work: string;
    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'strata-audit-chain-'));
      server = await startTestServer({ backendStoreUri: dialect.uri(), auditKeyFile: join(work, 'keys', 'audit.pem'), auditSealIntervalMs: 0, auditCheckpointIntervalMs: 0 });
    });
    after(async () => {
      await server?.close();
      await rm(work, { recursive: true, force: true });
      await dialect.drop();
    });

    it('serves the public key (PEM and key id) to anyone; the key file was created with mode 0600', async () => {
      const response = await server.get(`${PREFIX}/public-key`);
      assert.equal(response.status, 200);
      const key = createPublicKey(response.json.public_key);
      assert.equal(key.asymmetricKeyType, 'ed25519');
      const der = key.export({ type: 'spki', format: 'der' });
      assert.equal(response.json.key_id, createHash('sha256').update(der).digest('hex').slice(0, 16));
      assert.equal((await stat(join(work, 'keys', 'audit.pem'))).mode & 0o777, 0o600);
    });

    it('refuses a checkpoint of an empty log, then seals and signs on demand; the signature checks with only the public key', async () => {
      const empty = await postJson(server, `${PREFIX}/checkpoints`);
      assert.equal(empty.status, 409);
      assert.equal(empty.json.error_code, 'INVALID_STATE');
      const experimentId = (await server.post('experiments/create', { name: 'chain' })).json.experiment_id;
      await server.post('runs/create', { experiment_id: experimentId });
      const pending = await server.get(`${PREFIX}/chain`);
      assert.deepEqual(pending.json, { events: [], pending_events: 2 });

      const created = await postJson(server, `${PREFIX}/checkpoints`);
      assert.equal(created.status, 200);
      const checkpoint = created.json.checkpoint;
      assert.equal(checkpoint.size, 2);
      const publicKey = (await server.get(`${PREFIX}/public-key`)).json.public_key as string;
      assert.ok(checkpointVerifies(checkpoint, publicKey));
      assert.ok(!checkpointVerifies({ ...checkpoint, size: 3 }, publicKey), 'a changed size no longer verifies');

      const chain = await server.get(`${PREFIX}/chain`);
      assert.equal(chain.json.pending_events, 0);
      assert.deepEqual(chain.json.events.map((e: { sequence: number; action: string }) => [e.sequence, e.action]), [[1, 'experiment.create'], [2, 'run.create']]);
      assert.equal(chain.json.events[1].chain_hash, checkpoint.root_hash);
      const again = await postJson(server, `${PREFIX}/checkpoints`);
      assert.equal(again.json.checkpoint.checkpoint_id, checkpoint.checkpoint_id, 'nothing new: the same checkpoint');
      assert.deepEqual((await server.get(`${PREFIX}/checkpoints`)).json.checkpoints, [checkpoint]);
      const page = await server.get(`${PREFIX}/chain`, { after_sequence: 1, max_results: 1 });
      assert.deepEqual(page.json.events.map((e: { sequence: number }) => e.sequence), [2]);
    });

    it('is reachable through the SDK (client.audit)', async () => {
      const client = createClient({ trackingUri: server.url });
      const key = await client.audit.publicKey();
      const checkpoint = await client.audit.createCheckpoint();
      assert.ok(checkpointVerifies(checkpoint, key.public_key));
      assert.deepEqual((await client.audit.chain({ after_sequence: 1 })).events.map((e) => e.sequence), [2]);
      assert.equal((await client.audit.checkpoints()).checkpoints.length, 1);
      assert.equal((await client.audit.verify()).ok, true);
    });

    it('verifies itself for admins, and refuses bad paging', async () => {
      const report = await server.get(`${PREFIX}/verify`);
      assert.equal(report.status, 200);
      assert.deepEqual(report.json, { ok: true, events: 2, first_sequence: 1, last_sequence: 2, checkpoints_verified: 1, events_after_last_checkpoint: 0, pending_events: 0 });
      const bad = await server.get(`${PREFIX}/chain`, { max_results: 0 });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
    });
  });
}

// A schema of its own: the suite above signed checkpoints with another key.
const postgres = (await testDialects('HTTP audit replica tests')).find((d) => d.name === 'PostgreSQL')!;
describeOrSkip('two replicas on one PostgreSQL database seal every event exactly once', postgres.skip, () => {
  let replicas: TestServer[];
  let work: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'strata-audit-replicas-'));
    const config = { backendStoreUri: postgres.uri(), auditKeyFile: join(work, 'shared.pem'), auditSealIntervalMs: 5, auditCheckpointIntervalMs: 50 };
    replicas = await Promise.all([startTestServer(config), startTestServer(config)]);
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await rm(work, { recursive: true, force: true });
    await postgres.drop();
  });

  it('signs checkpoints periodically once there are new events', async () => {
    await replicas[0]!.post('experiments/create', { name: 'periodic' });
    let checkpoints: Array<{ size: number }> = [];
    for (let tries = 0; tries < 100 && checkpoints.length === 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      checkpoints = (await replicas[1]!.get(`${PREFIX}/checkpoints`)).json.checkpoints;
    }
    assert.ok(checkpoints.length > 0 && checkpoints[0]!.size >= 1, 'a checkpoint appeared without being asked for');
  });

  it('shares the key, and concurrent writes to both end in one gap-free chain that verifies', async () => {
    const keys = await Promise.all(replicas.map(async (r) => (await r.get(`${PREFIX}/public-key`)).json.key_id as string));
    assert.equal(keys[0], keys[1]);
    const experimentId = (await replicas[0]!.post('experiments/create', { name: 'replicated' })).json.experiment_id;
    await Promise.all(Array.from({ length: 200 }, (_, i) =>
      replicas[i % 2]!.post('experiments/set-experiment-tag', { experiment_id: experimentId, key: `k${i}`, value: 'v' })));
    await postJson(replicas[1]!, `${PREFIX}/checkpoints`);
    const events: Array<{ sequence: number; event_id: number; entity_id: string; action: string }> = [];
    for (;;) {
      const page = await replicas[0]!.get(`${PREFIX}/chain`, { after_sequence: events.at(-1)?.sequence ?? 0, max_results: 100 });
      events.push(...page.json.events);
      if (page.json.events.length < 100) break;
    }
    const total = 202; // with 'periodic' and 'replicated'
    assert.equal(events.filter((e) => e.entity_id === experimentId && e.action === 'experiment.set_tag').length, 200);
    assert.deepEqual(events.map((e) => e.sequence), Array.from({ length: total }, (_, i) => i + 1));
    assert.equal(new Set(events.map((e) => e.event_id)).size, total);
    for (const replica of replicas) {
      const report = (await replica.get(`${PREFIX}/verify`)).json;
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.equal(report.events, total);
    }
  });
});

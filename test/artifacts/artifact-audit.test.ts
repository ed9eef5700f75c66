/**
 * Artifact writes in the audit log, on SQLite and PostgreSQL with the local store: one event
 * per stored file, per delete and per completed multipart upload, with path, size and
 * SHA-256, about the run whose artifact root holds the path (else the path), recorded only
 * once the bytes are visible. Uploads that fail or are aborted record nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { CreateMultipartUploadResponse } from '../../src/api/mlflow-artifacts.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { ARTIFACTS, put, startArtifactServer, uploadHalfThenHangUp, waitFor, type ArtifactTestServer } from './artifact-http.js';

const dialects = await testDialects('artifact audit tests');

const MPU = '/api/2.0/mlflow-artifacts/mpu';
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:pw`).toString('base64')}` });

interface AuditEventBody {
  action: string;
  actor: string;
  actor_claimed?: string;
  entity_type: string;
  entity_id: string;
  summary: Record<string, unknown>;
}

for (const dialect of dialects) {
  describeOrSkip(`artifact audit events on ${dialect.name}`, dialect.skip, () => {
    let t: ArtifactTestServer;
    let destination: string;
    before(async () => {
      destination = await mkdtemp(join(tmpdir(), 'strata-artifact-audit-'));
      t = await startArtifactServer({ backendStoreUri: dialect.uri(), artifactsDestination: destination });
    });
    after(async () => {
      await t?.server.close();
      await rm(destination, { recursive: true, force: true });
      await dialect.drop();
    });

    async function events(query: Record<string, string>): Promise<AuditEventBody[]> {
      const res = await t.server.get('/api/strata/v1/audit', query);
      assert.equal(res.status, 200, res.text);
      return res.json.events as AuditEventBody[];
    }
    const artifactEvents = async (path: string) =>
      (await events({ max_results: '1000' })).filter((e) => e.action.startsWith('artifact.') && e.summary.path === path);

    async function mpu(step: 'create' | 'complete' | 'abort', body: object, headers: Record<string, string> = {}) {
      return fetch(`${t.server.url}${MPU}/${step}/${t.runRoot}/big`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    }

    /** Starts a multipart upload of `big/<name>` under the run and sends its parts; returns what completing needs. */
    async function uploadParts(name: string, parts: string[]) {
      const create = (await (await mpu('create', { path: name, num_parts: parts.length })).json()) as CreateMultipartUploadResponse;
      const sent = [];
      for (const [i, credential] of (create.credentials ?? []).entries()) {
        const res = await fetch(credential.url, { method: 'PUT', body: parts[i] });
        assert.equal(res.status, 200);
        sent.push({ part_number: credential.part_number, etag: res.headers.get('etag') });
      }
      return { path: name, upload_id: create.upload_id, parts: sent };
    }

    it('records a stored file once, about its run, with path, size, SHA-256 and the claimed actor', async () => {
      const path = `${t.runRoot}/metrics/loss.csv`;
      const res = await fetch(`${t.server.url}${ARTIFACTS}/${path}`, { method: 'PUT', body: 'epoch,loss\n', headers: basic('alice') });
      assert.equal(res.status, 200);
      const recorded = await artifactEvents(path);
      assert.deepEqual(recorded, [{
        ...recorded[0],
        action: 'artifact.write', actor: 'anonymous', actor_claimed: 'alice', entity_type: 'run', entity_id: t.runId,
        summary: { path, size: 11, sha256: sha256('epoch,loss\n') },
      }]);
      const forRun = await events({ entity_type: 'run', entity_id: t.runId, action: 'artifact.write' });
      assert.deepEqual(forRun.map((e) => e.summary.path), [path]);
    });

    it('names a path outside every run artifact root as the artifact itself', async () => {
      const other = await createExperimentAndRun(t.server);
      // The run id of the path's shape exists, but under another experiment: not its root.
      const paths = ['models/m1/model.pkl', 'x/artifacts/y.txt', `999999/${other.runId}/artifacts/f.txt`, `${t.experimentId}/${t.runId}/meta.txt`];
      for (const path of paths) assert.equal((await put(t.server, path, 'x')).status, 200);
      for (const path of paths) {
        const [event] = await artifactEvents(path);
        assert.deepEqual([event?.entity_type, event?.entity_id], ['artifact', path], path);
      }
      assert.equal((await put(t.server, `${other.experimentId}/${other.runId}/artifacts/ok.txt`, 'x')).status, 200);
      const [event] = await events({ entity_type: 'run', entity_id: other.runId, action: 'artifact.write' });
      assert.equal(event?.summary.path, `${other.experimentId}/${other.runId}/artifacts/ok.txt`);
      const byPath = await events({ entity_type: 'artifact', entity_id: 'models/m1/model.pkl' });
      assert.deepEqual(byPath.map((e) => e.action), ['artifact.write']);
    });

    it('records each delete with what it removed: a file, a directory, or nothing', async () => {
      await put(t.server, `${t.runRoot}/gone/a.txt`, 'aaa');
      await put(t.server, `${t.runRoot}/tree/b.txt`, 'b');
      for (const path of ['gone/a.txt', 'tree', 'never-there']) {
        const res = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/${path}`, { method: 'DELETE', headers: basic('bob') });
        assert.equal(res.status, 200);
      }
      const deletes = (await events({ entity_type: 'run', entity_id: t.runId, action: 'artifact.delete' })).reverse();
      assert.deepEqual(deletes.map((e) => [e.actor, e.actor_claimed, e.summary]), [
        ['anonymous', 'bob', { path: `${t.runRoot}/gone/a.txt`, kind: 'file', size: 3, sha256: sha256('aaa') }],
        ['anonymous', 'bob', { path: `${t.runRoot}/tree`, kind: 'directory' }],
        ['anonymous', 'bob', { path: `${t.runRoot}/never-there`, kind: 'missing' }],
      ]);
    });

    it('records a completed multipart upload once, with the whole file\'s size and SHA-256, and its parts none', async () => {
      const upload = await uploadParts('joined.bin', ['first-', 'second']);
      const complete = await mpu('complete', upload, basic('carol'));
      assert.equal(complete.status, 200, await complete.clone().text());
      const path = `${t.runRoot}/big/joined.bin`;
      const recorded = await artifactEvents(path);
      assert.deepEqual(recorded.map((e) => [e.action, e.entity_type, e.entity_id, e.actor_claimed, e.summary]), [[
        'artifact.complete_multipart', 'run', t.runId, 'carol',
        { path, size: 12, sha256: sha256('first-second'), upload_id: upload.upload_id, parts: 2 },
      ]]);
      assert.deepEqual((await events({ action: 'artifact.complete_multipart' })).map((e) => e.summary.path), [path]);
    });

    it('records nothing for an aborted, a refused or an interrupted upload', async () => {
      const aborted = await uploadParts('aborted.bin', ['x']);
      assert.equal((await mpu('abort', { path: aborted.path, upload_id: aborted.upload_id })).status, 200);
      const refused = await uploadParts('refused.bin', ['x']);
      const wrongEtag = await mpu('complete', { ...refused, parts: [{ part_number: 1, etag: '"not-the-etag"' }] });
      assert.ok(wrongEtag.status >= 400, `completing with a wrong etag answered ${wrongEtag.status}`);
      await uploadHalfThenHangUp(t.server, `${ARTIFACTS}/${t.runRoot}/half.bin`, 4 * 1024 * 1024, 1024 * 1024);
      const tempFiles = () => readdir(join(destination, '.strata', 'tmp')).catch(() => [] as string[]);
      await waitFor(async () => (await tempFiles()).length === 0);
      for (const name of ['big/aborted.bin', 'big/refused.bin', 'half.bin']) {
        assert.deepEqual(await artifactEvents(`${t.runRoot}/${name}`), [], name);
      }
    });

    it('lists artifact events by entity type and action through the audit API', async () => {
      await put(t.server, 'datasets/iris/v1.parquet', 'rows');
      const byType = await events({ entity_type: 'artifact', action: 'artifact.write' });
      assert.ok(byType.some((e) => e.entity_id === 'datasets/iris/v1.parquet'));
      assert.ok(byType.every((e) => e.entity_type === 'artifact' && e.action === 'artifact.write'));
    });
  });
}

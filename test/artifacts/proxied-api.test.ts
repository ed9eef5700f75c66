/**
 * MLflow's proxied artifact API end to end over HTTP on the local store: upload,
 * download (ranges, headers), list, delete, the run-based endpoints, and --no-serve-artifacts.
 * SQLite only: the artifact store is under test; the audit events
 * that artifact writes leave in the database are checked on both databases by
 * test/artifacts/artifact-audit.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS, put, startArtifactServer, type ArtifactTestServer } from './artifact-http.js';
import { startTestServer } from '../helpers/start-test-server.js';

interface ErrorBody {
  error_code: string;
  message: string;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('proxied artifact API (local store)', () => {
  let t: ArtifactTestServer;
  before(async () => {
    t = await startArtifactServer();
  });
  after(() => t.server.close());

  it('gives new experiments and runs mlflow-artifacts locations, the Default experiment too', async () => {
    const run = await t.server.get('runs/get', { run_id: t.runId });
    assert.equal(run.json.run.info.artifact_uri, `mlflow-artifacts:/${t.runRoot}`);
    const defaultExperiment = await t.server.get('experiments/get', { experiment_id: '0' });
    assert.equal(defaultExperiment.json.experiment.artifact_location, 'mlflow-artifacts:/0');
  });

  it('stores an upload and serves it back with its hash, type and attachment headers', async () => {
    const body = 'epoch,loss\n1,0.5\n';
    const upload = await put(t.server, `${t.runRoot}/metrics/loss.csv`, body);
    assert.equal(upload.status, 200);
    assert.deepEqual(await upload.json(), {});
    assert.equal(upload.headers.get('x-strata-sha256'), sha256(body));
    const download = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/metrics/loss.csv`);
    assert.equal(download.status, 200);
    assert.equal(await download.text(), body);
    assert.equal(download.headers.get('content-type'), 'text/plain');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="loss.csv"/);
    assert.equal(download.headers.get('etag'), `"${sha256(body)}"`);
    assert.equal(download.headers.get('accept-ranges'), 'bytes');
  });

  it('serves an uploaded .html as an attachment that the browser may not sniff', async () => {
    await put(t.server, `${t.runRoot}/report.html`, '<script>alert(1)</script>');
    const download = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/report.html`);
    assert.equal(download.headers.get('content-type'), 'text/html');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment/);
    await download.arrayBuffer();
  });

  it('answers byte ranges with 206 and Content-Range, and past the end with 416', async () => {
    const data = randomBytes(1000);
    await put(t.server, `${t.runRoot}/blob.bin`, data);
    const url = `${t.server.url}${ARTIFACTS}/${t.runRoot}/blob.bin`;
    const middle = await fetch(url, { headers: { range: 'bytes=100-199' } });
    assert.equal(middle.status, 206);
    assert.equal(middle.headers.get('content-range'), 'bytes 100-199/1000');
    assert.ok(Buffer.from(await middle.arrayBuffer()).equals(data.subarray(100, 200)));
    const suffix = await fetch(url, { headers: { range: 'bytes=-10' } });
    assert.equal(suffix.status, 206);
    assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(data.subarray(990)));
    const open = await fetch(url, { headers: { range: 'bytes=990-' } });
    assert.equal(open.headers.get('content-range'), 'bytes 990-999/1000');
    await open.arrayBuffer();
    const past = await fetch(url, { headers: { range: 'bytes=1000-' } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), 'bytes */1000');
    assert.equal(((await past.json()) as ErrorBody).error_code, 'INVALID_PARAMETER_VALUE');
  });

  it('answers HEAD with the headers of a download and no body', async () => {
    await put(t.server, `${t.runRoot}/head.txt`, 'twelve bytes');
    const head = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/head.txt`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '12');
    assert.equal(head.headers.get('etag'), `"${sha256('twelve bytes')}"`);
  });

  it('replaces an artifact on re-upload', async () => {
    await put(t.server, `${t.runRoot}/model.txt`, 'v1');
    await put(t.server, `${t.runRoot}/model.txt`, 'version 2');
    assert.equal(await (await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/model.txt`)).text(), 'version 2');
  });

  it('stores an empty upload as an empty file', async () => {
    assert.equal((await put(t.server, `${t.runRoot}/empty.txt`, '')).status, 200);
    const download = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/empty.txt`);
    assert.equal(download.status, 200);
    assert.equal(await download.text(), '');
  });

  it('lists names with sizes, as MLflow does, and {} for a missing path or a file', async () => {
    await put(t.server, `${t.runRoot}/listing/a.txt`, 'aa');
    await put(t.server, `${t.runRoot}/listing/sub/b.txt`, 'b');
    const listed = await t.server.get(`${ARTIFACTS}`, { path: `${t.runRoot}/listing` });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json, {
      files: [
        { path: 'a.txt', is_dir: false, file_size: 2 },
        { path: 'sub', is_dir: true },
      ],
    });
    assert.deepEqual((await t.server.get(`${ARTIFACTS}`, { path: `${t.runRoot}/nowhere` })).json, {});
    assert.deepEqual((await t.server.get(`${ARTIFACTS}`, { path: `${t.runRoot}/listing/a.txt` })).json, {});
  });

  it('deletes a file or a directory; a missing artifact is a 404 on download', async () => {
    await put(t.server, `${t.runRoot}/gone/x.txt`, 'x');
    const deleted = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/gone`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    const missing = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/gone/x.txt`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as ErrorBody).error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('serves the same API under /ajax-api/2.0', async () => {
    await put(t.server, `${t.runRoot}/ajax.txt`, 'ajax');
    const download = await fetch(`${t.server.url}/ajax-api/2.0/mlflow-artifacts/artifacts/${t.runRoot}/ajax.txt`);
    assert.equal(await download.text(), 'ajax');
  });

  it('lists a run’s artifacts relative to its root and serves them through /get-artifact', async () => {
    await put(t.server, `${t.runRoot}/model/MLmodel`, 'flavors: {}');
    await put(t.server, `${t.runRoot}/model/weights.bin`, Buffer.alloc(64));
    const root = await t.server.get('artifacts/list', { run_id: t.runId });
    assert.equal(root.json.root_uri, `mlflow-artifacts:/${t.runRoot}`);
    assert.ok(root.json.files.some((f: { path: string; is_dir: boolean }) => f.path === 'model' && f.is_dir));
    const model = await t.server.get('/ajax-api/2.0/mlflow/artifacts/list', { run_id: t.runId, path: 'model' });
    assert.deepEqual(model.json.files, [
      { path: 'model/MLmodel', is_dir: false, file_size: 11 },
      { path: 'model/weights.bin', is_dir: false, file_size: 64 },
    ]);
    const missing = await t.server.get('artifacts/list', { run_id: t.runId, path: 'nope' });
    assert.deepEqual(missing.json, { root_uri: `mlflow-artifacts:/${t.runRoot}` });
    const file = await fetch(`${t.server.url}/get-artifact?run_id=${t.runId}&path=model/MLmodel`);
    assert.equal(file.headers.get('content-type'), 'text/plain');
    assert.equal(await file.text(), 'flavors: {}');
    const unknownRun = await t.server.get('artifacts/list', { run_id: 'f'.repeat(32) });
    assert.equal(unknownRun.status, 404);
  });

  it('serves a model version’s files through /model-versions/get-artifact (MLflow’s UI reads MLmodel there)', async () => {
    await put(t.server, `${t.runRoot}/registered/MLmodel`, 'flavors: {python_function: {}}');
    assert.equal((await t.server.post('registered-models/create', { name: 'ui-model' })).status, 200);
    const created = await t.server.post('model-versions/create', { name: 'ui-model', source: `runs:/${t.runId}/registered` });
    assert.equal(created.json.model_version.version, '1');
    const getArtifact = (query: string) => fetch(`${t.server.url}/model-versions/get-artifact?${query}`);
    const file = await getArtifact('name=ui-model&version=1&path=MLmodel');
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'text/plain');
    assert.equal(await file.text(), 'flavors: {python_function: {}}');
    const missingFile = await getArtifact('name=ui-model&version=1&path=nope');
    assert.equal(missingFile.status, 404);
    const unknownVersion = await getArtifact('name=ui-model&version=9&path=MLmodel');
    assert.equal(unknownVersion.status, 404);
    assert.equal(((await unknownVersion.json()) as ErrorBody).error_code, 'RESOURCE_DOES_NOT_EXIST');
    const escape = await getArtifact('name=ui-model&version=1&path=../../x');
    assert.equal(escape.status, 400);
    assert.equal(((await escape.json()) as ErrorBody).error_code, 'INVALID_PARAMETER_VALUE');
  });
});

describe('--no-serve-artifacts', () => {
  it('answers the proxied API with 503 as MLflow does, and gives experiments the destination as location', async () => {
    const server = await startTestServer({ serveArtifacts: false });
    try {
      const response = await fetch(`${server.url}${ARTIFACTS}/x.txt`, { method: 'PUT', body: 'x' });
      assert.equal(response.status, 503);
      assert.match(((await response.json()) as ErrorBody).message, /--no-serve-artifacts/);
      const created = await server.post('experiments/create', { name: 'direct' });
      const experiment = await server.get('experiments/get', { experiment_id: created.json.experiment_id });
      assert.ok(experiment.json.experiment.artifact_location.endsWith(`/${created.json.experiment_id}`));
      assert.ok(!experiment.json.experiment.artifact_location.startsWith('mlflow-artifacts:'));
    } finally {
      await server.close();
    }
  });
});

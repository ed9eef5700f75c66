// A run's folder as one streamed tar (GET /api/strata/v1/artifacts/folder): every file with its
// bytes, nested folders, a long non-ASCII name (PAX header), the same download headers as a file;
// read back with the system's tar.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

const LONG_NAME = `${'ü'.repeat(60)}-${'x'.repeat(80)}.txt`;

describe('artifact folder download as tar', () => {
  let server: TestServer;
  let runId: string;
  let work: string;

  before(async () => {
    server = await startTestServer();
    work = await mkdtemp(join(tmpdir(), 'strata-folder-tar-'));
    const sdk = createClient({ trackingUri: server.url });
    const experimentId = await sdk.experiments.create('tar');
    const created = await server.post('runs/create', { experiment_id: experimentId });
    runId = created.json.run.info.run_id;
    const put = async (path: string, body: string | Uint8Array) => {
      const response = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`, { method: 'PUT', body });
      assert.equal(response.status, 200, path);
    };
    await put('model/MLmodel', 'flavors: {}\n');
    await put('model/data/weights.bin', new Uint8Array(70_000).map((_, i) => i % 251));
    await put(`model/${LONG_NAME}`, 'long\n');
    await put('other.txt', 'not in the folder\n');
  });

  after(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const folderUrl = (path?: string) => createClient({ trackingUri: server.url }).artifacts.folderDownloadUrl(runId, path);

  it('streams the folder as a tar that tar reads back byte for byte', async () => {
    const response = await fetch(folderUrl('model'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-tar');
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="model\.tar"/);
    assert.match(response.headers.get('content-security-policy') ?? '', /sandbox$/);
    const archive = join(work, 'model.tar');
    await writeFile(archive, new Uint8Array(await response.arrayBuffer()));
    const listed = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(listed, ['model/', 'model/MLmodel', 'model/data/', 'model/data/weights.bin', `model/${LONG_NAME}`].sort());
    const out = join(work, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xf', archive, '-C', out]);
    assert.deepEqual(new Uint8Array(await readFile(join(out, 'model/data/weights.bin'))), new Uint8Array(70_000).map((_, i) => i % 251));
    assert.equal(await readFile(join(out, 'model', LONG_NAME), 'utf8'), 'long\n');
  });

  it('archives the whole run without a path; a file or a missing folder is refused', async () => {
    const whole = await fetch(folderUrl());
    const archive = join(work, 'all.tar');
    await writeFile(archive, new Uint8Array(await whole.arrayBuffer()));
    const listed = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' });
    assert.match(listed, new RegExp(`^${runId}-artifacts/other\\.txt$`, 'm'));
    assert.equal((await fetch(folderUrl('other.txt'))).status, 400);
    assert.equal((await fetch(folderUrl('nothing-here'))).status, 404);
    assert.equal((await fetch(folderUrl('../../etc'))).status, 400);
  });
});

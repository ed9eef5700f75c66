// How `strata server` serves the dashboard at `/` (src/server/dashboard/): cache headers of
// hashed assets and index.html, precompressed variants, client-side routes answered with
// index.html, JSON 404s kept for API paths, and the page shown when the app is not built.
// A small fixture folder stands in for dist/web/, so these tests need no Vite build.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1a2b3c.js"></script></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

async function builtApp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-web-fixture-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir, 'assets/app-1a2b3c.js'), SCRIPT);
  await writeFile(join(dir, 'assets/app-1a2b3c.js.br'), brotliCompressSync(SCRIPT));
  await writeFile(join(dir, 'assets/app-1a2b3c.js.gz'), gzipSync(SCRIPT));
  return dir;
}

const get = (server: TestServer, path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

describe('dashboard: built app', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = await builtApp();
    server = await startTestServer({ dashboardDir: dir });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / without caching it', async () => {
    const response = await get(server, '/');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(await response.text(), INDEX);
  });

  it('caches other unhashed files (an icon) for a day: browsers ask for an icon again at every change of the URL', async () => {
    const response = await get(server, '/favicon.svg');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=86400');
  });

  it('answers the app’s own routes with index.html (client-side routing survives a reload)', async () => {
    for (const path of ['/experiments', '/experiments/1/runs/abc?col=metrics.loss', '/models/fraud.v2/versions/3', '/no/such/page']) {
      const response = await get(server, path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
      assert.equal(await response.text(), INDEX, path);
    }
  });

  it('caches hashed assets for a year and sends the precompressed variant the client accepts', async () => {
    const plain = await get(server, '/assets/app-1a2b3c.js', { 'accept-encoding': 'identity' });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(plain.headers.get('content-type') ?? '', /javascript/);
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), SCRIPT);
    for (const encoding of ['br', 'gzip']) {
      // fetch() decodes the body itself; the header says which file was sent.
      const response = await get(server, '/assets/app-1a2b3c.js', { 'accept-encoding': encoding });
      assert.equal(response.headers.get('content-encoding'), encoding);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(await response.text(), SCRIPT);
    }
  });

  it('keeps JSON 404s for unknown API paths and missing assets', async () => {
    for (const path of ['/api/2.0/mlflow/no-such-endpoint', '/ajax-api/2.0/mlflow/runs/nope', '/api/strata/v1/nothing', '/assets/app-gone.js']) {
      const response = await get(server, path);
      assert.equal(response.status, 404, path);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/, path);
      assert.equal(((await response.json()) as { error_code: string }).error_code, 'ENDPOINT_NOT_FOUND', path);
    }
  });

  it('answers only GET and HEAD with the app; other methods on app paths stay 404 JSON', async () => {
    assert.equal((await fetch(`${server.url}/experiments/1`, { method: 'HEAD' })).status, 200);
    const post = await fetch(`${server.url}/experiments/1`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(post.status, 404);
    assert.equal(((await post.json()) as { error_code: string }).error_code, 'ENDPOINT_NOT_FOUND');
  });

  it('leaves the API and the other top-level routes as they were', async () => {
    assert.equal(await (await get(server, '/health')).text(), 'OK');
    const created = await server.post('experiments/create', { name: 'beside-the-dashboard' });
    assert.equal(created.status, 200);
    const found = await server.get('experiments/get', { experiment_id: created.json.experiment_id });
    assert.equal(found.json.experiment.name, 'beside-the-dashboard');
  });
});

describe('dashboard: not built', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-web-empty-'));
    server = await startTestServer({ dashboardDir: dir });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers / (and app paths) with a short page saying how to build it', async () => {
    for (const path of ['/', '/experiments/1']) {
      const response = await get(server, path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      const text = await response.text();
      assert.match(text, /dashboard is not built/);
      assert.match(text, /npm run build:web/);
    }
  });

  it('keeps JSON 404s for API paths', async () => {
    const response = await get(server, '/api/2.0/mlflow/nope');
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error_code: string }).error_code, 'ENDPOINT_NOT_FOUND');
  });
});

describe('GET /api/strata/v1/experiments/run-stats', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('counts active runs per experiment with their latest activity', async () => {
    const busy = (await server.post('experiments/create', { name: 'stats-busy' })).json.experiment_id as string;
    const idle = (await server.post('experiments/create', { name: 'stats-idle' })).json.experiment_id as string;
    const first = (await server.post('runs/create', { experiment_id: busy, start_time: 1_000 })).json.run.info.run_id as string;
    await server.post('runs/update', { run_id: first, status: 'FINISHED', end_time: 4_000 });
    await server.post('runs/create', { experiment_id: busy, start_time: 3_000 });
    const deleted = (await server.post('runs/create', { experiment_id: busy, start_time: 9_000 })).json.run.info.run_id as string;
    await server.post('runs/delete', { run_id: deleted });
    const response = await server.get('/api/strata/v1/experiments/run-stats', { experiment_ids: [busy, idle] });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { experiments: [{ experiment_id: busy, run_count: 2, last_run_time: 4_000 }] });
  });

  it('refuses more than 500 ids with INVALID_PARAMETER_VALUE', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => String(i));
    const response = await server.get('/api/strata/v1/experiments/run-stats', { experiment_ids: ids });
    assert.equal(response.status, 400);
    assert.equal(response.json.error_code, 'INVALID_PARAMETER_VALUE');
  });
});

/**
 * The HTTP protocol, on SQLite and PostgreSQL: /health and the version endpoints, every
 * MLflow endpoint under both prefixes, 404 and 405, content types, body and header limits,
 * and MLflow error bodies for malformed requests. Most of this never reaches the database,
 * but the endpoint sweep, the bodies taken and the searches do, so it runs on both.
 * PostgreSQL is skipped (reason printed) when none answers, and fails instead under
 * STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, it } from 'node:test';
import { MLFLOW_ENDPOINTS } from '../../src/api/mlflow-tracking.js';
import { StrataClient } from '../../src/client/index.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('protocol tests');

for (const dialect of dialects) {
  describeOrSkip(`HTTP protocol on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri(), bodyLimitBytes: 64 * 1024 });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    /** A raw POST, to control headers that fetch would fill in. */
    function rawPost(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
      return rawRequest('POST', path, headers, body);
    }

    /** A request on its own connection (a refused one is closed), with the URL sent as written. */
    function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const req = request(`${server.url}${path}`, { method, headers, agent: false }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    }

    it('serves /health and /version as text', async () => {
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      assert.equal(await health.text(), 'OK');
      const version = await fetch(`${server.url}/version`);
      assert.equal(await version.text(), '2.17.2', 'the MLflow version whose API Strata speaks, which MLflow clients may compare');
    });

    it("serves Strata's own version as JSON at /api/strata/v1/version", async () => {
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      const res = await fetch(`${server.url}/api/strata/v1/version`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(await res.json(), { version });
      assert.deepEqual(await new StrataClient({ trackingUri: server.url }).getStrataVersion(), { version });
    });

    it('serves every MLflow endpoint under /api/2.0 and /ajax-api/2.0', async () => {
      for (const endpoint of Object.values(MLFLOW_ENDPOINTS)) {
        for (const prefix of ['/api/2.0', '/ajax-api/2.0']) {
          for (const method of endpoint.methods) {
            const res = await fetch(`${server.url}${prefix}${endpoint.path}`, {
              method,
              ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
            });
            assert.notEqual(res.status, 404, `${method} ${prefix}${endpoint.path}`);
            assert.match(res.headers.get('content-type') ?? '', /application\/json/);
          }
        }
      }
    });

    it('answers unknown endpoints with 404 ENDPOINT_NOT_FOUND', async () => {
      const res = await server.get('/api/2.0/mlflow/runs/fly');
      assert.equal(res.status, 404);
      assert.equal(res.json.error_code, 'ENDPOINT_NOT_FOUND');
    });

    it('answers a known endpoint asked with the wrong method with 405 and Allow, as MLflow does', async () => {
      const wrongMethod = await server.get('experiments/create');
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get('allow'), 'POST');
      assert.deepEqual(wrongMethod.json, {
        error_code: 'ENDPOINT_NOT_FOUND',
        message: 'Method GET is not allowed for /api/2.0/mlflow/experiments/create; use POST.',
      });
      const ajax = await fetch(`${server.url}/ajax-api/2.0/mlflow/runs/get/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(ajax.status, 405, 'a trailing slash is the same path');
      assert.equal(ajax.headers.get('allow'), 'GET, HEAD');
      const search = await fetch(`${server.url}/api/2.0/mlflow/experiments/search`, { method: 'DELETE' });
      assert.equal(search.headers.get('allow'), 'GET, HEAD, POST');
      const artifact = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/1/x/model.pkl`, { method: 'POST' });
      assert.equal(artifact.status, 405, 'path parameters and wildcards match too');
      assert.match(artifact.headers.get('allow') ?? '', /\bGET\b.*\bPUT\b/);
      assert.equal((await server.get('/api/2.0/mlflow/experiments/fly')).status, 404, 'an unknown path stays 404');
    });

    it('answers malformed JSON with 400 INVALID_PARAMETER_VALUE', async () => {
      const res = await server.post('experiments/create', '{"name": ');
      assert.equal(res.status, 400);
      assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
      const notObject = await server.post('experiments/create', '[1,2]');
      assert.equal(notObject.status, 400);
    });

    it('accepts application/json with a charset, no content type, and double-encoded bodies', async () => {
      const charset = await server.post('experiments/create', { name: 'ct-charset' }, {
        'content-type': 'application/json; charset=utf-8',
      });
      assert.equal(charset.status, 200);
      const none = await rawPost('/api/2.0/mlflow/experiments/create', JSON.stringify({ name: 'ct-none' }), {});
      assert.equal(none.status, 200, none.body);
      const doubled = await server.post('experiments/create', JSON.stringify(JSON.stringify({ name: 'ct-double' })));
      assert.equal(doubled.status, 200, doubled.text);
      const empty = await rawPost('/api/2.0/mlflow/runs/search', '', { 'content-type': 'application/json' });
      assert.equal(empty.status, 200);
    });

    it('refuses a non-JSON content type as MLflow does', async () => {
      const res = await server.post('experiments/create', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: "Bad Request. Content-Type must be one of ['application/json'].",
      });
    });

    it('answers an oversized body with 413 and an MLflow-shaped error', async () => {
      const res = await server.post('experiments/create', { name: 'x'.repeat(70 * 1024) });
      assert.equal(res.status, 413);
      assert.equal(res.json.error_code, 'REQUEST_LIMIT_EXCEEDED');
      assert.match(res.json.message, /Request body is larger than 65536 bytes/);
    });

    it('rejects wrongly typed fields with 400, not 500', async () => {
      const res = await server.post('experiments/create', { name: 42 });
      assert.equal(res.status, 400);
      assert.match(res.json.message, /Hint: Value was of type 'int'/);
      const list = await server.post('runs/search', { experiment_ids: 'notalist' });
      assert.equal(list.status, 400);
    });

    it('answers framework errors with MLflow error bodies: bad URL encoding, oversized headers', async () => {
      const send = (path: string, headers: Record<string, string> = {}) => rawRequest('GET', path, headers);
      const badPath = await send('/api/2.0/mlflow/experiments/%E0%A4%A');
      assert.equal(badPath.status, 400);
      assert.equal(JSON.parse(badPath.body).error_code, 'BAD_REQUEST');
      const badQuery = await send('/api/2.0/mlflow/experiments/get?experiment_id=%E0%A4%A');
      assert.equal(badQuery.status, 400);
      assert.deepEqual(JSON.parse(badQuery.body), {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: "Invalid query string 'experiment_id=%E0%A4%A': a %-escape is incomplete or does not spell UTF-8 text.",
      });
      const tooLarge = await send('/api/2.0/mlflow/experiments/get?experiment_id=0', { 'x-padding': 'a'.repeat(20_000) });
      assert.equal(tooLarge.status, 431);
      assert.equal(JSON.parse(tooLarge.body).error_code, 'REQUEST_LIMIT_EXCEEDED');
    });

    it('reads GET fields from the query string, repeated fields included', async () => {
      const res = await server.get('experiments/search', { view_type: 'ALL', max_results: '5', order_by: ['name ASC'] });
      assert.equal(res.status, 200, res.text);
      assert.ok(res.json.experiments.length >= 1);
    });
  });
}

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from './create-client.js';
import { StrataClient } from './strata-client.js';
import { StrataApiError } from './strata-api-error.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A fake server whose answers the test scripts one request at a time. */
function fakeServer() {
  const handlers: Handler[] = [];
  const seen: { method: string; url: string; body: string; auth?: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
      const handler = handlers.shift() ?? ((_q, _b, r) => json(r, 200, {}));
      handler(req, body, res);
    });
  });
  return { server, handlers, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const dropConnection: Handler = (req) => req.socket.destroy();

describe('StrataClient over HTTP', () => {
  const fake = fakeServer();
  let url = '';
  const client = () => new StrataClient({ trackingUri: url, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4 } });

  before(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((r) => fake.server.close(() => r())));

  const reset = () => {
    fake.handlers.length = 0;
    fake.seen.length = 0;
  };

  it('sends GET fields as query parameters, arrays repeated', async () => {
    reset();
    fake.handlers.push((_q, _b, r) => json(r, 200, { metrics: [] }));
    await client().getMetricHistoryBulkInterval({ run_ids: ['a', 'b'], metric_key: 'loss', max_results: 5 });
    assert.equal(fake.seen[0]?.method, 'GET');
    assert.equal(fake.seen[0]?.url, '/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=a&run_ids=b&metric_key=loss&max_results=5');
  });

  it('sends POST bodies as JSON with basic auth', async () => {
    reset();
    const c = new StrataClient({ trackingUri: url, username: 'ada', password: 'pw' });
    await c.setTag({ run_id: 'r1', key: 'k', value: 'v' });
    assert.equal(fake.seen[0]?.url, '/api/2.0/mlflow/runs/set-tag');
    assert.deepEqual(JSON.parse(fake.seen[0]?.body ?? ''), { run_id: 'r1', key: 'k', value: 'v' });
    assert.equal(fake.seen[0]?.auth, `Basic ${Buffer.from('ada:pw').toString('base64')}`);
  });

  it('throws StrataApiError with the server error code and does not retry a 4xx', async () => {
    reset();
    fake.handlers.push((_q, _b, r) => json(r, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run r9 not found' }));
    const error = await client().getRun({ run_id: 'r9' }).catch((e: unknown) => e);
    assert.ok(error instanceof StrataApiError);
    assert.equal(error.status, 404);
    assert.equal(error.errorCode, 'RESOURCE_DOES_NOT_EXIST');
    assert.equal(error.message, 'Run r9 not found');
    assert.equal(fake.seen.length, 1);
  });

  it('retries 429, 502, 503, 504 and dropped connections on idempotent calls', async () => {
    reset();
    fake.handlers.push(
      (_q, _b, r) => json(r, 503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' }),
      dropConnection,
      (_q, _b, r) => json(r, 429, { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' }, { 'retry-after': '0' }),
      (_q, _b, r) => json(r, 200, {}),
    );
    await client().logBatch({ run_id: 'r1', metrics: [{ key: 'k', value: 1, timestamp: 1, step: 0 }] });
    assert.equal(fake.seen.length, 4);
    assert.ok(fake.seen.every((s) => s.url === '/api/2.0/mlflow/runs/log-batch'));
  });

  it('gives up after maxAttempts with the last error', async () => {
    reset();
    for (let i = 0; i < 4; i++) fake.handlers.push((_q, _b, r) => json(r, 502, { error_code: 'INTERNAL_ERROR', message: `bad gateway ${i}` }));
    await assert.rejects(client().getRun({ run_id: 'r1' }), { status: 502, message: 'bad gateway 3' });
    assert.equal(fake.seen.length, 4);
  });

  it('does not retry a create whose answer was lost', async () => {
    reset();
    fake.handlers.push(dropConnection);
    await assert.rejects(client().createRun({ experiment_id: '0' }), { errorCode: 'NETWORK_ERROR' });
    reset();
    fake.handlers.push((_q, _b, r) => json(r, 504, { error_code: 'INTERNAL_ERROR', message: 'gateway timeout' }));
    await assert.rejects(client().createExperiment({ name: 'x' }), { status: 504 });
    assert.equal(fake.seen.length, 1);
  });

  it('retries a create the server refused with 503', async () => {
    reset();
    fake.handlers.push(
      (_q, _b, r) => json(r, 503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' }),
      (_q, _b, r) => json(r, 200, { experiment_id: '7' }),
    );
    assert.deepEqual(await client().createExperiment({ name: 'x' }), { experiment_id: '7' });
    assert.equal(fake.seen.length, 2);
  });

  it('reports an unreachable server as NETWORK_ERROR with status 0', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = new StrataClient({ trackingUri: `http://127.0.0.1:${port}`, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await assert.rejects(c.createExperiment({ name: 'x' }), (e: unknown) => {
      assert.ok(e instanceof StrataApiError);
      assert.equal(e.status, 0);
      assert.equal(e.errorCode, 'NETWORK_ERROR');
      assert.match(e.message, /ECONNREFUSED/);
      return true;
    });
  });

  it('uses a status-derived code when the error body is not MLflow JSON', async () => {
    reset();
    fake.handlers.push((_q, _b, r) => {
      r.writeHead(401, { 'content-type': 'text/plain' });
      r.end('You must log in');
    });
    await assert.rejects(client().getExperiment({ experiment_id: '0' }), { errorCode: 'UNAUTHENTICATED', message: 'You must log in' });
  });

  it('aborts an envelope request when its signal fires, and does not retry it', async () => {
    reset();
    // The server never answers: only the abort can end the call.
    fake.handlers.push(() => undefined);
    const controller = new AbortController();
    const call = createClient({ trackingUri: url, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4 } })
      .metrics.envelope({ series: [{ run_id: 'r', metric_key: 'loss' }] }, { signal: controller.signal });
    while (fake.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await assert.rejects(call, { name: 'AbortError' });
    assert.equal(fake.seen.length, 1);
  });

  it('does not send a request whose signal already fired', async () => {
    reset();
    const call = createClient({ trackingUri: url }).metrics.envelope({ series: [{ run_id: 'r', metric_key: 'loss' }] }, { signal: AbortSignal.abort() });
    await assert.rejects(call, { name: 'AbortError' });
    assert.equal(fake.seen.length, 0);
  });
});

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { LoadedModel, Predictions } from '../../src/serving/contracts.js';
import { createScoringServer, type ScoringServer } from '../../src/serving/http/scoring-server.js';
import { loadModelDirectory } from '../../src/serving/runtime/load-model-directory.js';
import { createModelSlot } from '../../src/serving/runtime/model-slot.js';
import { buildLogisticRegression, buildTwoOutputModel, writeMlflowModelDirectory } from '../support/onnx-models.js';

const lr = buildLogisticRegression({ features: 4 });
const lr2 = buildLogisticRegression({ features: 4, seed: 99 });

function near(actual: unknown, expected: number[]): void {
  assert.ok(Array.isArray(actual), JSON.stringify(actual));
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs((v as number) - expected[i]!) < 1e-5, `row ${i}: ${String(v)} vs ${expected[i]}`));
}

async function post(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
}

/** A model whose predictions wait for the test (slow requests, graceful close, timeouts). */
function gatedModel(version: string) {
  const gates: (() => void)[] = [];
  const model: LoadedModel = {
    version,
    modelUri: 'models:/gated@prod',
    signature: undefined,
    inputExample: undefined,
    async predict(): Promise<Predictions> {
      await new Promise<void>((resolve) => gates.push(resolve));
      return [version];
    },
    async close() {},
  };
  return { model, open: () => gates.splice(0).forEach((g) => g()), waiting: () => gates.length };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('scoring server over HTTP', () => {
  let root: string;
  let server: ScoringServer;
  let url: string;
  const slot = createModelSlot();
  const webhookCalls: { body: string; signature: unknown }[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'strata-scoring-server-'));
    await writeMlflowModelDirectory(join(root, 'v1'), lr);
    await writeMlflowModelDirectory(join(root, 'v2'), lr2);
    server = createScoringServer({
      slot,
      logLevel: 'silent',
      maxRows: 50,
      bodyLimitBytes: 1024 * 1024,
      webhook: async (body, headers) => {
        webhookCalls.push({ body: body.toString('utf8'), signature: headers['x-strata-signature'] });
        return headers['x-strata-signature'] === 'good' ? 202 : 401;
      },
    });
    ({ url } = await server.listen(0));
  });

  after(async () => {
    await server.close();
    await slot.current()?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers /ping, /health and /version with 503 until a model is loaded', async () => {
    assert.equal((await fetch(`${url}/ping`)).status, 503);
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { status: string }).status, 'loading');
    assert.equal((await fetch(`${url}/version`)).status, 503);
    const scored = await post(url, JSON.stringify({ inputs: [[1, 2, 3, 4]] }));
    assert.equal(scored.status, 503);
    assert.equal(scored.json.error_code, 'TEMPORARILY_UNAVAILABLE');

    slot.swap(await loadModelDirectory(join(root, 'v1'), { version: '1', modelUri: 'models:/fraud@production' }));
    const ping = await fetch(`${url}/ping`);
    assert.equal(ping.status, 200);
    assert.equal(await ping.text(), '\n');
    const ok = await fetch(`${url}/health`);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(body.version, '1');
    assert.equal(body.model_uri, 'models:/fraud@production');
    assert.equal(typeof body.uptime, 'number');
    assert.equal(await (await fetch(`${url}/version`)).text(), '1');
  });

  it('scores every format of the protocol', async () => {
    const rows = [[0.5, -1, 2, 0.25], [1, 1, 1, 1]];
    const expected = lr.expected(rows);
    const records = rows.map((row) => Object.fromEntries(lr.features.map((f, i) => [f, row[i]])));
    const named = Object.fromEntries(lr.features.map((f, i) => [f, rows.map((row) => row[i])]));
    const bodies: [string, string][] = [
      [JSON.stringify({ dataframe_split: { columns: lr.features, data: rows } }), 'application/json'],
      [JSON.stringify({ dataframe_split: { columns: lr.features, data: rows, index: [0, 1] } }), 'application/json; charset=utf-8'],
      [JSON.stringify({ dataframe_records: records }), 'application/json'],
      [JSON.stringify({ instances: records }), 'application/json'],
      [JSON.stringify({ inputs: named, params: { unused: 1 } }), 'application/json'],
      [`${lr.features.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`, 'text/csv'],
    ];
    for (const [body, type] of bodies) {
      const { status, json } = await post(url, body, type);
      assert.equal(status, 200, `${type} ${body.slice(0, 40)}: ${JSON.stringify(json)}`);
      near(json.predictions, expected);
    }
  });

  it('answers bad input with a clear 4xx in MLflow shape and keeps serving', async () => {
    const good = JSON.stringify({ dataframe_split: { columns: lr.features, data: [[1, 2, 3, 4]] } });
    const cases: [string, string, number, RegExp][] = [
      [good, 'text/plain', 415, /only supports the following content types/],
      ['{"dataframe_split": {', 'application/json', 400, /Failed to parse input from JSON/],
      ['f0,f1\n1,2,3\n', 'text/csv', 400, /CSV row 1 has 3 fields/],
      [JSON.stringify({ dataframe_split: { columns: ['f0', 'f1', 'f2', 'x'], data: [[1, 2, 3, 4]] } }), 'application/json', 400, /missing required column 'f3' \(double\)/],
      [JSON.stringify({ dataframe_split: { columns: lr.features, data: [[1, 2, 'three', 4]] } }), 'application/json', 400, /column 'f2' expects type double, got string "three"/],
      [JSON.stringify({ dataframe_split: { columns: lr.features, data: Array.from({ length: 51 }, () => [1, 2, 3, 4]) } }), 'application/json', 400, /51 rows; this server scores at most 50/],
      [JSON.stringify({ rows: [] }), 'application/json', 400, /exactly one of the input fields/],
    ];
    for (const [body, type, status, pattern] of cases) {
      const answer = await post(url, body, type);
      assert.equal(answer.status, status, `${type} ${body.slice(0, 50)}`);
      assert.equal(answer.json.error_code, 'BAD_REQUEST');
      assert.match(String(answer.json.message), pattern);
      const after = await post(url, good);
      assert.equal(after.status, 200);
    }
    const notFound = await fetch(`${url}/nope`);
    assert.equal(notFound.status, 404);
    assert.equal(((await notFound.json()) as { error_code: string }).error_code, 'ENDPOINT_NOT_FOUND');
    assert.equal((await fetch(`${url}/invocations`)).status, 405);
  });

  it('answers a 100 MB body with 413 without reading it all, and keeps serving', async () => {
    const sent = await new Promise<{ status: number; body: string; bytesWritten: number }>((resolve, reject) => {
      const total = 100 * 1024 * 1024;
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const req = request(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': total } });
      let written = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, bytesWritten: written }));
      });
      // The server may close the connection while we are still writing: that is the point.
      req.on('error', (error) => (answered ? undefined : reject(error)));
      const pump = (): void => {
        while (!answered && written < total) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    });
    assert.equal(sent.status, 413);
    assert.equal((JSON.parse(sent.body) as { error_code: string }).error_code, 'BAD_REQUEST');
    assert.ok(sent.bytesWritten < 100 * 1024 * 1024, 'answered before the upload finished');

    // Without a content-length (chunked), the limit is counted as the bytes arrive.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      let n = 0;
      const pump = (): void => {
        while (!answered && n < 40) {
          n += 1;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    });
    assert.equal(chunked, 413);

    // curl sends `Expect: 100-continue` for large bodies: refused before a byte of it is sent.
    const expected = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      const req = request(`${url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': 100 * 1024 * 1024, expect: '100-continue' },
      });
      let continued = false;
      req.on('continue', () => (continued = true));
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, continued });
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.deepEqual(expected, { status: 413, continued: false });
    assert.equal((await post(url, JSON.stringify({ inputs: { f0: [1], f1: [2], f2: [3], f3: [4] } }))).status, 200);
  });

  it('switches models under concurrent requests without failing any', async () => {
    const row = [0.1, 0.2, 0.3, 0.4];
    const body = JSON.stringify({ dataframe_split: { columns: lr.features, data: [row] } });
    const [p1] = lr.expected([row]);
    const [p2] = lr2.expected([row]);
    const next = await loadModelDirectory(join(root, 'v2'), { version: '2', modelUri: 'models:/fraud@production' });
    // 8 clients send 30 requests each, back to back; the swap happens once 80 have been answered,
    // so requests are in flight on the old model when it is retired.
    const answers: { status: number; json: Record<string, unknown> }[] = [];
    const client = async (): Promise<void> => {
      for (let i = 0; i < 30; i++) {
        answers.push(await post(url, body));
        if (answers.length === 80) slot.swap(next);
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    assert.equal(answers.length, 240);
    const seen = new Set<string>();
    for (const answer of answers) {
      assert.equal(answer.status, 200, JSON.stringify(answer.json));
      const [p] = answer.json.predictions as number[];
      if (Math.abs(p! - p1!) < 1e-5) seen.add('1');
      else if (Math.abs(p! - p2!) < 1e-5) seen.add('2');
      else assert.fail(`an answer from neither model: ${p}`);
    }
    assert.deepEqual([...seen].sort(), ['1', '2']);
    near((await post(url, body)).json.predictions, [p2!]);
    assert.equal(await (await fetch(`${url}/version`)).text(), '2');
  });

  it('exposes request counts, latency, errors, the served version and switches in /metrics', async () => {
    server.metrics.switchSucceeded('2');
    server.metrics.switchFailed('3');
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
    const text = await response.text();
    assert.match(text, /strata_serving_requests_total\{route="\/invocations",status="200"\} \d+/);
    assert.match(text, /strata_serving_requests_total\{route="\/invocations",status="413"\} 3/);
    assert.match(text, /strata_serving_errors_total\{route="\/invocations",status="400"\} \d+/);
    assert.match(text, /strata_serving_request_duration_seconds_bucket\{le="0.005",route="\/invocations"\} \d+/);
    assert.match(text, /strata_serving_model_info\{version="2",model_uri="models:\/fraud@production"\} 1/);
    assert.doesNotMatch(text, /strata_serving_model_info\{version="1"/);
    assert.match(text, /strata_serving_switches_total\{outcome="succeeded",version="2"\} 1/);
    assert.match(text, /strata_serving_switches_total\{outcome="failed",version="3"\} 1/);
  });

  it('hands /strata/webhook to the receiver and answers its status', async () => {
    const accepted = await fetch(`${url}/strata/webhook`, { method: 'POST', headers: { 'x-strata-signature': 'good' }, body: '{"event":"alias"}' });
    assert.equal(accepted.status, 202);
    const refused = await fetch(`${url}/strata/webhook`, { method: 'POST', headers: { 'x-strata-signature': 'bad' }, body: '{}' });
    assert.equal(refused.status, 401);
    assert.deepEqual(webhookCalls, [{ body: '{"event":"alias"}', signature: 'good' }, { body: '{}', signature: 'bad' }]);
  });
});

describe('scoring server limits and shutdown', () => {
  it('answers 404 on /strata/webhook without a receiver, and a two-output model as {name: list}', async () => {
    const root = await mkdtemp(join(tmpdir(), 'strata-scoring-two-'));
    const two = buildTwoOutputModel();
    await writeMlflowModelDirectory(root, two);
    const slot = createModelSlot(await loadModelDirectory(root, { version: '5', modelUri: 'runs:/abc/model' }));
    const lines: string[] = [];
    const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => void lines.push(line) });
    const server = createScoringServer({ slot, logger });
    const { url } = await server.listen(0);
    try {
      assert.equal((await fetch(`${url}/strata/webhook`, { method: 'POST', body: '{}' })).status, 404);
      const { status, json } = await post(url, JSON.stringify({ dataframe_split: { columns: ['a', 'b', 'c', 'd'], data: [[1, 2, 3, -10], [1, 1, 1, 1]] } }));
      assert.equal(status, 200);
      assert.deepEqual(json.predictions, { score: [-4, 4], label: [0, 1] });
      await until(() => lines.length === 2);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(logged.map((l) => [l.method, l.url, l.status, l.version, l.msg]), [
        ['POST', '/strata/webhook', 404, '5', 'request'],
        ['POST', '/invocations', 200, '5', 'request'],
      ]);
      assert.equal(typeof logged[1]!.ms, 'number');
    } finally {
      await server.close();
      await slot.current()?.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('answers 503 in MLflow shape when a request outlives its timeout, and keeps serving', async () => {
    const gated = gatedModel('1');
    const server = createScoringServer({ slot: createModelSlot(gated.model), logLevel: 'silent', requestTimeoutMs: 100 });
    const { url } = await server.listen(0);
    try {
      const slow = await post(url, JSON.stringify({ inputs: [1] }));
      assert.equal(slow.status, 503);
      assert.equal(slow.json.error_code, 'TEMPORARILY_UNAVAILABLE');
      assert.match(String(slow.json.message), /did not finish within 100 ms/);
      gated.open();
      assert.equal((await fetch(`${url}/ping`)).status, 200);
    } finally {
      gated.open();
      await server.close();
    }
  });

  it('closes gracefully: stops accepting, finishes the requests in flight, then resolves', async () => {
    const gated = gatedModel('1');
    const server = createScoringServer({ slot: createModelSlot(gated.model), logLevel: 'silent' });
    const { url } = await server.listen(0);
    const inFlight = [post(url, JSON.stringify({ inputs: [1] })), post(url, JSON.stringify({ inputs: [2] }))];
    await until(() => gated.waiting() === 2);
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(closed, false, 'waits for the requests in flight');
    await assert.rejects(fetch(`${url}/ping`, { headers: { connection: 'close' } }), 'no new connections');
    gated.open();
    const answers = await Promise.all(inFlight);
    assert.deepEqual(answers.map((a) => [a.status, a.json.predictions]), [[200, ['1']], [200, ['1']]]);
    await closing;
    assert.equal(closed, true);
  });
});

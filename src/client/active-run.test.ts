import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogBatchRequest, Metric } from '../api/mlflow-tracking.js';
import { StrataClient } from './strata-client.js';

/**
 * A fake tracking server that records log-batch metrics and answers every third
 * log-batch with 503, to check that retries neither lose nor reorder points.
 */
function flakyServer() {
  const received: Metric[] = [];
  const requests: string[] = [];
  let batchCalls = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push(path);
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (path.endsWith('/runs/create')) return reply(200, { run: { info: { run_id: 'r1', experiment_id: '0' }, data: {} } });
      if (path.endsWith('/runs/log-batch')) {
        if (++batchCalls % 3 === 0) return reply(503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' });
        received.push(...((JSON.parse(body) as LogBatchRequest).metrics ?? []));
      }
      return reply(200, {});
    });
  });
  return { server, received, requests };
}

describe('ActiveRun', () => {
  const fake = flakyServer();
  let url = '';
  before(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => fake.server.close(() => r())));

  it('delivers buffered points in order through transient failures, then ends the run', async () => {
    const client = new StrataClient({ trackingUri: url, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const run = await client.startRun({ params: { lr: 0.1 } });
    for (let step = 0; step < 2500; step++) {
      run.logMetric('loss', 1 / (step + 1), step);
      // Let the background batches' requests and answers progress while points keep coming.
      if (step % 400 === 0) await new Promise((r) => setImmediate(r));
    }
    run.logMetric('odd', NaN);
    await run.end();
    const loss = fake.received.filter((m) => m.key === 'loss').map((m) => m.step);
    assert.deepEqual(loss, [...Array(2500).keys()]);
    assert.deepEqual(fake.received.find((m) => m.key === 'odd')?.value, 'NaN');
    assert.equal(run.pendingMetricCount, 0);
    assert.ok(fake.requests.at(-1)?.endsWith('/runs/update'));
    assert.throws(() => run.logMetric('late', 1), /has ended/);
  });

  it('rejects keys the server would refuse before queueing them', async () => {
    const client = new StrataClient({ trackingUri: url });
    const run = await client.startRun();
    assert.throws(() => run.logMetric('x'.repeat(251), 1), RangeError);
    await run.end();
  });
});

// The browser entry's artifacts.read: whole files and byte ranges (first bytes, a suffix, a
// window) as streams, with the file's total size from Content-Range; 404 and 416 as StrataApiError.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, isStrataApiError, type ArtifactRead } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

const TEXT = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');

async function text(read: ArtifactRead): Promise<string> {
  return new Response(read.body).text();
}

describe('artifacts.read', () => {
  let server: TestServer;
  let runId: string;
  const sdk = () => createClient({ trackingUri: server.url, retry: { maxAttempts: 1 } });

  before(async () => {
    server = await startTestServer();
    const experimentId = await sdk().experiments.create('read');
    runId = (await server.post('runs/create', { experiment_id: experimentId })).json.run.info.run_id;
    const response = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/logs/train.log`, { method: 'PUT', body: TEXT });
    assert.equal(response.status, 200);
  });

  after(async () => server?.close());

  it('reads a file whole or by range, streamed', async () => {
    const whole = await sdk().artifacts.read(runId, 'logs/train.log');
    assert.deepEqual([whole.start, whole.totalSize, whole.length], [0, TEXT.length, TEXT.length]);
    assert.equal(await text(whole), TEXT);
    const tail = await sdk().artifacts.read(runId, 'logs/train.log', { range: { suffix: 8 } });
    assert.deepEqual([tail.start, tail.totalSize, tail.length], [TEXT.length - 8, TEXT.length, 8]);
    assert.equal(await text(tail), 'line 999');
    const window = await sdk().artifacts.read(runId, 'logs/train.log', { range: { start: 7, end: 12 } });
    assert.deepEqual([window.start, window.length], [7, 6]);
    assert.equal(await text(window), 'line 1');
    const open = await sdk().artifacts.read(runId, 'logs/train.log', { range: { start: TEXT.length - 3 } });
    assert.equal(await text(open), '999');
  });

  it('answers a missing file and a range past the end with StrataApiError', async () => {
    await assert.rejects(sdk().artifacts.read(runId, 'nothing.txt'), (e) => isStrataApiError(e) && e.status === 404);
    await assert.rejects(sdk().artifacts.read(runId, 'logs/train.log', { range: { start: TEXT.length } }), (e) => isStrataApiError(e) && e.status === 416);
  });
});

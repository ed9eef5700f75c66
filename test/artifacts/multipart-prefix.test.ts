// A multipart upload's part URLs stand under the MLflow prefix its create request came through
// (MLflow's UI uses /ajax-api/2.0, clients /api/2.0): one route table entry serves both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

describe('multipart part URLs', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  for (const prefix of ['/api/2.0', '/ajax-api/2.0']) {
    it(`stay under ${prefix}`, async () => {
      const created = await server.post(`${prefix}/mlflow-artifacts/mpu/create/1/run/artifacts`, { path: '/tmp/model.bin', num_parts: 2 });
      assert.equal(created.status, 200, created.text);
      const urls = (created.json.credentials as Array<{ url: string }>).map((credential) => credential.url);
      assert.equal(urls.length, 2);
      for (const url of urls) assert.ok(url.startsWith(`${server.url}${prefix}/mlflow-artifacts/mpu/upload-part/1/run/artifacts/model.bin?`), url);
    });
  }
});

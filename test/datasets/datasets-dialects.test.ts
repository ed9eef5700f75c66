/**
 * The dataset-registry behaviours where SQLite and PostgreSQL could differ, over HTTP on
 * both: concurrent first registrations of a new dataset, dense numbers under concurrency,
 * one version for a digest registered many times at once, and run links, on every database
 * of test/helpers/test-dialects.ts (PostgreSQL skipped with the reason when none answers).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('dataset registry tests');

const hex = (i: number) => i.toString(16).padStart(64, '0');

for (const dialect of dialects) {
  describeOrSkip(`dataset registry over HTTP on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const register = (name: string, digest: string) =>
      server.post('/api/strata/v1/datasets/versions', { name, digest, size: 1, file_count: 1, source_uri: 's3://b/x' });

    it('numbers 20 concurrent first registrations of a new dataset 1…20', async () => {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => register('busy', hex(i + 1))));
      for (const res of responses) assert.equal(res.status, 200, res.text);
      const numbers = responses.map((res) => res.json.dataset_version.version as number).sort((a, b) => a - b);
      assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal((await server.get('/api/strata/v1/datasets/busy')).json.dataset.latest_version, 20);
    });

    it('keeps one version when the same digest is registered 10 times at once', async () => {
      const responses = await Promise.all(Array.from({ length: 10 }, () => register('same', hex(99))));
      for (const res of responses) assert.equal(res.status, 200, res.text);
      assert.equal(responses.filter((res) => res.json.created === true).length, 1);
      assert.deepEqual(new Set(responses.map((res) => res.json.dataset_version.version)), new Set([1]));
    });

    it('links runs by digest', async () => {
      await register('linked', hex(500));
      const { runId } = await createExperimentAndRun(server);
      const dataset = { name: 'anything', digest: hex(500), source_type: 'strata', source: '{}' };
      const logged = await server.post('runs/log-inputs', {
        run_id: runId, datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }],
      });
      assert.equal(logged.status, 200, logged.text);
      const version = await server.get('/api/strata/v1/datasets/linked/versions/1');
      assert.deepEqual(version.json.runs.map((r: { run_id: string; context: string }) => [r.run_id, r.context]), [[runId, 'training']]);
    });
  });
}

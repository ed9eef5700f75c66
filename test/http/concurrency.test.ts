/**
 * Concurrent clients over HTTP, on SQLite and PostgreSQL: 16 clients logging to one run
 * through log-metric and log-batch lose no point, no param, and leave the latest value.
 * PostgreSQL is skipped (reason printed) when none answers, and fails instead under
 * STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('concurrency HTTP tests');

for (const dialect of dialects) {
  describeOrSkip(`concurrent clients on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('16 clients logging to one run lose no point', async () => {
      const { runId } = await createExperimentAndRun(server);
      const clients = 16;
      const callsPerClient = 20;
      await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
          for (let call = 0; call < callsPerClient; call++) {
            const step = client * callsPerClient + call;
            const res =
              call % 2 === 0
                ? await server.post('runs/log-metric', { run_id: runId, key: 'shared', value: step, timestamp: step, step })
                : await server.post('runs/log-batch', {
                    run_id: runId,
                    metrics: [{ key: 'shared', value: step, timestamp: step, step }],
                    params: [{ key: `client-${client}-${call}`, value: String(step) }],
                  });
            assert.equal(res.status, 200, res.text);
          }
        }),
      );
      const history = await server.get('metrics/get-history', { run_id: runId, metric_key: 'shared' });
      const steps = history.json.metrics.map((m: { step: number }) => m.step).sort((a: number, b: number) => a - b);
      assert.deepEqual(steps, Array.from({ length: clients * callsPerClient }, (_, i) => i));
      const run = (await server.get('runs/get', { run_id: runId })).json.run;
      assert.equal(run.data.params.length, (clients * callsPerClient) / 2);
      assert.deepEqual(run.data.metrics, [
        { key: 'shared', value: clients * callsPerClient - 1, timestamp: clients * callsPerClient - 1, step: clients * callsPerClient - 1 },
      ]);
    });
  });
}

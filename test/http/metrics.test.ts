/**
 * Metric histories over HTTP, on SQLite and PostgreSQL: get-history (whole and paged, the
 * same doubles either way, 100,000 points in one response) and get-history-bulk-interval.
 * PostgreSQL is skipped (reason printed) when none answers, and fails instead under
 * STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('metric HTTP tests');

for (const dialect of dialects) {
  describeOrSkip(`metrics over HTTP on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    async function logSteps(runId: string, key: string, steps: number[]): Promise<void> {
      for (let i = 0; i < steps.length; i += 1000) {
        const metrics = steps.slice(i, i + 1000).map((step) => ({ key, value: step * 2, timestamp: 1000 + step, step }));
        const res = await server.post('runs/log-batch', { run_id: runId, metrics });
        assert.equal(res.status, 200, res.text);
      }
    }

    describe('metrics/get-history', () => {
      it('returns every point, empty as {}', async () => {
        const { runId } = await createExperimentAndRun(server);
        await logSteps(runId, 'loss', [0, 1, 2]);
        const res = await server.get('metrics/get-history', { run_id: runId, metric_key: 'loss' });
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type') ?? '', /application\/json/);
        assert.deepEqual(res.json.metrics, [
          { key: 'loss', value: 0, timestamp: 1000, step: 0 },
          { key: 'loss', value: 2, timestamp: 1001, step: 1 },
          { key: 'loss', value: 4, timestamp: 1002, step: 2 },
        ]);
        const none = await server.get('metrics/get-history', { run_id: runId, metric_key: 'other' });
        assert.deepEqual(none.json, {});
      });

      it('pages when max_results is given', async () => {
        const { runId } = await createExperimentAndRun(server);
        await logSteps(runId, 'm', [0, 1, 2, 3, 4]);
        const first = await server.get('metrics/get-history', { run_id: runId, metric_key: 'm', max_results: 3 });
        assert.equal(first.json.metrics.length, 3);
        assert.ok(first.json.next_page_token);
        const rest = await server.get('metrics/get-history', {
          run_id: runId,
          metric_key: 'm',
          max_results: 3,
          page_token: first.json.next_page_token,
        });
        assert.deepEqual(
          rest.json.metrics.map((m: { step: number }) => m.step),
          [3, 4],
        );
      });

      it('reports unknown runs and missing keys', async () => {
        const unknown = await server.get('metrics/get-history', { run_id: 'a'.repeat(32), metric_key: 'm' });
        assert.equal(unknown.status, 404);
        const noKey = await server.get('metrics/get-history', { run_id: 'a'.repeat(32) });
        assert.equal(noKey.status, 400);
        assert.match(noKey.json.message, /'metric_key'/);
      });

      it('gives the whole history as the same points, in the same order, as the paged path', async () => {
        const { runId } = await createExperimentAndRun(server);
        // Seeded so a failure can be replayed: doubles from random bit patterns, all exponents.
        let seed = 12345;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
        const bits = new DataView(new ArrayBuffer(8));
        const randomDoubles = Array.from({ length: 300 }, () => {
          do {
            bits.setUint32(0, Math.floor(random() * 2 ** 32));
            bits.setUint32(4, Math.floor(random() * 2 ** 32));
          } while (!Number.isFinite(bits.getFloat64(0)));
          return bits.getFloat64(0);
        });
        const values: (number | string)[] = [
          'NaN', 'Infinity', '-Infinity', 1e-300, 5e-324, -5e-324, 0.1 + 0.2, 1 / 3, 1.7976931348623157e308,
          -1.7976931348623157e308, 2.2250738585072014e-308, 1, 0, -2, 100, 1e21, 1e20, 2 ** 53 + 2, 1e-7, 1e-6, 1e-5, 123.456,
          ...Array.from({ length: 300 }, () => random()),
          ...randomDoubles,
        ];
        // Equal steps and timestamps with different values exercise the value order too.
        const metrics = values.map((value, i) => ({ key: 'odd key:a/b.c-d_e', value, timestamp: 1000 + (i % 7), step: i % 50 }));
        for (let i = 0; i < metrics.length; i += 1000) {
          const res = await server.post('runs/log-batch', { run_id: runId, metrics: metrics.slice(i, i + 1000) });
          assert.equal(res.status, 200, res.text);
        }
        const whole = await server.get('metrics/get-history', { run_id: runId, metric_key: 'odd key:a/b.c-d_e' });
        const paged = await server.get('metrics/get-history', { run_id: runId, metric_key: 'odd key:a/b.c-d_e', max_results: 1000 });
        assert.equal(whole.status, 200);
        assert.equal(paged.json.next_page_token, undefined);
        assert.equal(whole.json.metrics.length, values.length);
        // SQLite may write a double in other digits ("1.0", "1.0e-300", 17 digits where 16
        // would do); parsed, it must be the very same double: re-serialised, the same bytes.
        assert.equal(JSON.stringify(whole.json), paged.text);
      });

      // Speed is measured by bench/tracking.ts, not asserted here.
      it('serves a 100,000-point history in one response, in step order', async () => {
        const { runId } = await createExperimentAndRun(server);
        await logSteps(runId, 'big', Array.from({ length: 100_000 }, (_, i) => 99_999 - i));
        const res = await server.get('metrics/get-history', { run_id: runId, metric_key: 'big' });
        assert.equal(res.json.metrics.length, 100_000);
        assert.equal(res.json.next_page_token, undefined);
        assert.ok(res.json.metrics.every((m: { step: number }, i: number) => m.step === i));
      });
    });

    describe('metrics/get-history-bulk-interval', () => {
      it('samples steps across runs and keeps every run’s first and last step', async () => {
        const a = await createExperimentAndRun(server);
        const b = await createExperimentAndRun(server);
        await logSteps(a.runId, 'acc', Array.from({ length: 2000 }, (_, i) => i));
        await logSteps(b.runId, 'acc', [5, 777, 1500]);
        const res = await server.get('metrics/get-history-bulk-interval', {
          run_ids: [a.runId, b.runId],
          metric_key: 'acc',
          max_results: 10,
        });
        assert.equal(res.status, 200, res.text);
        const stepsOf = (runId: string) =>
          res.json.metrics.filter((m: { run_id: string }) => m.run_id === runId).map((m: { step: number }) => m.step);
        const stepsA = stepsOf(a.runId);
        assert.ok(stepsA.length <= 10 + 1 + 3, `too many points: ${stepsA.length}`);
        assert.equal(stepsA[0], 0);
        assert.equal(stepsA.at(-1), 1999);
        for (const s of [5, 1500]) assert.ok(stepsA.includes(s), `run a keeps step ${s} (run b's ends)`);
        assert.deepEqual(stepsOf(b.runId), [5, 1500]);
        assert.equal(res.json.metrics[0].run_id, a.runId, 'grouped by run in request order');
        assert.deepEqual(Object.keys(res.json.metrics[0]).sort(), ['key', 'run_id', 'step', 'timestamp', 'value']);
      });

      it('honours start_step and end_step', async () => {
        const { runId } = await createExperimentAndRun(server);
        await logSteps(runId, 'x', Array.from({ length: 100 }, (_, i) => i));
        const res = await server.get('/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval', {
          run_ids: runId,
          metric_key: 'x',
          start_step: 10,
          end_step: 14,
        });
        assert.deepEqual(
          res.json.metrics.map((m: { step: number }) => m.step),
          [10, 11, 12, 13, 14],
        );
      });

      it('validates its arguments as MLflow does', async () => {
        const { runId } = await createExperimentAndRun(server);
        const call = (query: Record<string, string | number | string[]>) =>
          server.get('metrics/get-history-bulk-interval', { metric_key: 'x', ...query });
        assert.match((await call({})).json.message, /'run_ids'/);
        assert.match((await call({ run_ids: runId, start_step: 1 })).json.message, /both must be specified/);
        assert.match((await call({ run_ids: runId, start_step: 5, end_step: 1 })).json.message, /end_step must be greater/);
        assert.match((await call({ run_ids: runId, max_results: 0 })).json.message, /max_results must be between 1 and 2500/);
        assert.match((await call({ run_ids: runId, max_results: 2501 })).json.message, /max_results must be between 1 and 2500/);
        assert.equal((await call({ run_ids: runId, max_results: 2500 })).status, 200);
        const many = Array.from({ length: 101 }, (_, i) => `r${i}`);
        assert.match((await call({ run_ids: many })).json.message, /at most 100 run_ids/);
        assert.deepEqual((await call({ run_ids: runId })).json, {});
      });
    });
  });
}

/**
 * Runs over HTTP, on SQLite and PostgreSQL: create, get, update, delete and restore; params,
 * tags, metrics and batches with MLflow's limits and messages; dataset inputs; nested runs;
 * search with filter, order and paging; log-model. PostgreSQL is skipped (reason printed)
 * when none answers, and fails instead under STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('run HTTP tests');

const tagsOf = (run: { data: { tags?: Array<{ key: string; value: string }> } }) =>
  Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));

for (const dialect of dialects) {
  describeOrSkip(`runs over HTTP on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let experimentId: string;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      experimentId = (await server.post('experiments/create', { name: 'runs-exp' })).json.experiment_id;
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    describe('runs/create and runs/get', () => {
      it('creates a run as the MLflow client does', async () => {
        const res = await server.post('runs/create', {
          experiment_id: experimentId,
          user_id: 'alice',
          start_time: 1700000000000,
          tags: [
            { key: 'mlflow.user', value: 'alice' },
            { key: 'mlflow.source.name', value: 'train.py' },
          ],
          run_name: 'first',
        });
        assert.equal(res.status, 200);
        const { info, data, inputs } = res.json.run;
        assert.match(info.run_id, /^[0-9a-f]{32}$/);
        assert.equal(info.run_uuid, info.run_id);
        assert.equal(info.run_name, 'first');
        assert.equal(info.experiment_id, experimentId);
        assert.equal(info.user_id, 'alice');
        assert.equal(info.status, 'RUNNING');
        assert.equal(info.start_time, 1700000000000);
        assert.equal(info.end_time, undefined);
        assert.equal(info.lifecycle_stage, 'active');
        assert.equal(info.artifact_uri, `mlflow-artifacts:/${experimentId}/${info.run_id}/artifacts`);
        assert.equal(tagsOf(res.json.run)['mlflow.runName'], 'first');
        assert.equal(data.metrics, undefined);
        assert.deepEqual(inputs, {});

        const got = await server.get('runs/get', { run_id: info.run_id });
        assert.equal(got.status, 200);
        assert.deepEqual(got.json.run.info, info);
        assert.deepEqual(tagsOf(got.json.run), tagsOf(res.json.run));
        const byUuid = await server.get('runs/get', { run_uuid: info.run_id });
        assert.equal(byUuid.json.run.info.run_id, info.run_id);
      });

      it('takes the name from the mlflow.runName tag, or generates one', async () => {
        const fromTag = await server.post('runs/create', {
          experiment_id: experimentId,
          tags: [{ key: 'mlflow.runName', value: 'tagged' }],
        });
        assert.equal(fromTag.json.run.info.run_name, 'tagged');
        const generated = await server.post('runs/create', { experiment_id: experimentId });
        assert.match(generated.json.run.info.run_name, /^[a-z]+-[a-z]+-\d{1,3}$/);
        assert.equal(tagsOf(generated.json.run)['mlflow.runName'], generated.json.run.info.run_name);
        const conflict = await server.post('runs/create', {
          experiment_id: experimentId,
          run_name: 'a',
          tags: [{ key: 'mlflow.runName', value: 'b' }],
        });
        assert.equal(conflict.status, 400);
        assert.match(conflict.json.message, /Both 'run_name' argument and 'mlflow.runName' tag are specified/);
      });

      it('refuses a run without experiment_id (MLflow 2.17 does; no silent Default), and unknown or deleted experiments', async () => {
        for (const body of [{}, { experiment_id: '' }, { run_name: 'lost' }]) {
          const res = await server.post('runs/create', body);
          assert.equal(res.status, 400, JSON.stringify(body));
          assert.deepEqual(res.json, {
            error_code: 'INVALID_PARAMETER_VALUE',
            message: "Missing value for required parameter 'experiment_id'. See the API docs for more information about request parameters.",
          });
        }
        const inDefault = await server.post('runs/create', { experiment_id: '0' });
        assert.equal(inDefault.json.run.info.experiment_id, '0');
        const unknown = await server.post('runs/create', { experiment_id: '4242' });
        assert.equal(unknown.status, 404);
        const deleted = (await server.post('experiments/create', { name: 'runs-deleted-exp' })).json.experiment_id;
        await server.post('experiments/delete', { experiment_id: deleted });
        const refused = await server.post('runs/create', { experiment_id: deleted });
        assert.equal(refused.status, 400);
        assert.match(refused.json.message, /must be in the 'active' state/);
      });

      it('answers an unknown run with RESOURCE_DOES_NOT_EXIST and a missing id with INVALID_PARAMETER_VALUE', async () => {
        const unknown = await server.get('runs/get', { run_id: 'f'.repeat(32) });
        assert.equal(unknown.status, 404);
        assert.deepEqual(unknown.json, {
          error_code: 'RESOURCE_DOES_NOT_EXIST',
          message: `Run with id=${'f'.repeat(32)} not found`,
        });
        const missing = await server.get('runs/get');
        assert.equal(missing.status, 400);
        assert.match(missing.json.message, /Missing value for required parameter 'run_id'/);
      });
    });

    describe('runs/update, delete, restore', () => {
      it('updates status, end time and name (mirrored in the tag)', async () => {
        const { runId } = await createExperimentAndRun(server);
        const res = await server.post('runs/update', {
          run_id: runId,
          run_uuid: runId,
          status: 'FINISHED',
          end_time: 1700000009999,
          run_name: 'renamed',
        });
        assert.equal(res.status, 200);
        assert.equal(res.json.run_info.status, 'FINISHED');
        assert.equal(res.json.run_info.end_time, 1700000009999);
        assert.equal(res.json.run_info.run_name, 'renamed');
        const run = (await server.get('runs/get', { run_id: runId })).json.run;
        assert.equal(run.info.run_name, 'renamed');
        assert.equal(tagsOf(run)['mlflow.runName'], 'renamed');
        const bad = await server.post('runs/update', { run_id: runId, status: 'DONE' });
        assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
      });

      it('renames the run when mlflow.runName is set as a tag', async () => {
        const { runId } = await createExperimentAndRun(server);
        await server.post('runs/set-tag', { run_id: runId, key: 'mlflow.runName', value: 'via-tag' });
        assert.equal((await server.get('runs/get', { run_id: runId })).json.run.info.run_name, 'via-tag');
      });

      it('refuses logging to a deleted run, and restores it', async () => {
        const { runId } = await createExperimentAndRun(server);
        assert.equal((await server.post('runs/delete', { run_id: runId })).status, 200);
        assert.equal((await server.get('runs/get', { run_id: runId })).json.run.info.lifecycle_stage, 'deleted');
        const expected = {
          error_code: 'INVALID_PARAMETER_VALUE',
          message: `The run ${runId} must be in the 'active' state. Current state is deleted.`,
        };
        const calls = [
          server.post('runs/log-metric', { run_id: runId, key: 'm', value: 1, timestamp: 1 }),
          server.post('runs/log-parameter', { run_id: runId, key: 'p', value: '1' }),
          server.post('runs/set-tag', { run_id: runId, key: 't', value: '1' }),
          server.post('runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: 1 }] }),
          server.post('runs/update', { run_id: runId, status: 'FAILED' }),
        ];
        for (const res of await Promise.all(calls)) {
          assert.equal(res.status, 400);
          assert.deepEqual(res.json, expected);
        }
        assert.equal((await server.post('runs/restore', { run_id: runId })).status, 200);
        const ok = await server.post('runs/log-metric', { run_id: runId, key: 'm', value: 1, timestamp: 1 });
        assert.equal(ok.status, 200);
      });

      it('refuses logging to a run of a deleted experiment', async () => {
        const { experimentId: exp, runId } = await createExperimentAndRun(server);
        await server.post('experiments/delete', { experiment_id: exp });
        const res = await server.post('runs/log-metric', { run_id: runId, key: 'm', value: 1, timestamp: 1 });
        assert.equal(res.status, 400);
        assert.match(res.json.message, /must be in the 'active' state\. Current state is deleted\./);
      });
    });

    describe('params, tags, metrics', () => {
      it('logs a param once; the same value again is fine, another is refused', async () => {
        const { runId } = await createExperimentAndRun(server);
        assert.equal((await server.post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' })).status, 200);
        assert.equal((await server.post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' })).status, 200);
        const changed = await server.post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.2' });
        assert.equal(changed.status, 400);
        assert.equal(
          changed.json.message,
          `Changing param values is not allowed. Param with key='lr' was already logged with value='0.1' for run ID='${runId}'. Attempted logging new value '0.2'.`,
        );
        const batch = await server.post('runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '0.3' }] });
        assert.equal(batch.status, 400);
        assert.match(batch.json.message, /^Changing param values is not allowed\. Params were already logged=/);
      });

      it('truncates long param and tag values', async () => {
        const { runId } = await createExperimentAndRun(server);
        await server.post('runs/log-parameter', { run_id: runId, key: 'long', value: 'p'.repeat(7000) });
        await server.post('runs/set-tag', { run_id: runId, key: 'long', value: 't'.repeat(9000) });
        await server.post('runs/log-batch', { run_id: runId, params: [{ key: 'long2', value: 'q'.repeat(6001) }] });
        const run = (await server.get('runs/get', { run_id: runId })).json.run;
        const params = Object.fromEntries(run.data.params.map((p: { key: string; value: string }) => [p.key, p.value]));
        assert.equal(params.long.length, 6000);
        assert.equal(params.long2.length, 6000);
        assert.equal(tagsOf(run).long?.length, 8000);
      });

      it('refuses bad keys with MLflow messages', async () => {
        const { runId } = await createExperimentAndRun(server);
        const bad = await server.post('runs/log-parameter', { run_id: runId, key: 'a!b', value: '1' });
        assert.equal(bad.status, 400);
        assert.match(bad.json.message, /^Invalid value "a!b" for parameter 'key' supplied: Names may only contain/);
        const path = await server.post('runs/log-metric', { run_id: runId, key: 'a/../b', value: 1, timestamp: 1 });
        assert.match(path.json.message, /This name would resolve to 'b'/);
        const long = await server.post('runs/set-tag', { run_id: runId, key: 'k'.repeat(251), value: 'v' });
        assert.match(long.json.message, /exceeded length limit of 250/);
        const noKey = await server.post('runs/log-batch', { run_id: runId, params: [{ value: '1' }] });
        assert.match(noKey.json.message, /Missing value for required parameter 'params\[0\]\.key'/);
      });

      it('deletes tags; an unknown tag is RESOURCE_DOES_NOT_EXIST', async () => {
        const { runId } = await createExperimentAndRun(server);
        await server.post('runs/set-tag', { run_id: runId, key: 'k', value: 'v' });
        assert.equal((await server.post('runs/delete-tag', { run_id: runId, key: 'k' })).status, 200);
        assert.equal(tagsOf((await server.get('runs/get', { run_id: runId })).json.run).k, undefined);
        const again = await server.post('runs/delete-tag', { run_id: runId, key: 'k' });
        assert.equal(again.status, 404);
        assert.equal(again.json.message, `No tag with name: k in run with id ${runId}`);
      });

      it('round-trips NaN and ±Infinity, and accepts int64 and doubles as strings', async () => {
        const { runId } = await createExperimentAndRun(server);
        const values = ['NaN', 'Infinity', '-Infinity', '1.5', 2.5];
        for (const [i, value] of values.entries()) {
          const res = await server.post('runs/log-metric', { run_id: runId, key: 'odd', value, timestamp: String(100 + i), step: String(i) });
          assert.equal(res.status, 200, res.text);
        }
        const history = await server.get('metrics/get-history', { run_id: runId, metric_key: 'odd' });
        assert.deepEqual(
          history.json.metrics.map((m: { value: unknown }) => m.value),
          ['NaN', 'Infinity', '-Infinity', 1.5, 2.5],
        );
        assert.deepEqual(history.json.metrics[0], { key: 'odd', value: 'NaN', timestamp: 100, step: 0 });
        const latest = (await server.get('runs/get', { run_id: runId })).json.run.data.metrics;
        assert.deepEqual(latest, [{ key: 'odd', value: 2.5, timestamp: 104, step: 4 }]);
        // The same values in one log-batch request: several rows in one insert.
        const batch = ['NaN', 'Infinity', '-Infinity', 0.5].map((value, step) => ({ key: 'odd-batch', value, timestamp: 1, step }));
        assert.equal((await server.post('runs/log-batch', { run_id: runId, metrics: batch })).status, 200);
        const batchHistory = await server.get('metrics/get-history', { run_id: runId, metric_key: 'odd-batch' });
        assert.deepEqual(
          batchHistory.json.metrics.map((m: { value: unknown }) => m.value),
          ['NaN', 'Infinity', '-Infinity', 0.5],
        );
      });

      it('refuses non-double values and non-integer timestamps or steps', async () => {
        const { runId } = await createExperimentAndRun(server);
        const cases: Array<[Record<string, unknown>, RegExp]> = [
          [{ value: 'abc', timestamp: 1 }, /Please specify value as a valid double/],
          [{ value: true, timestamp: 1 }, /valid double/],
          [{ value: 1, timestamp: 1.5 }, /Timestamp must be a nonnegative long/],
          [{ value: 1, timestamp: -1 }, /Timestamp must be a nonnegative long/],
          [{ value: 1, timestamp: 1, step: 'x' }, /Step must be a valid long/],
          [{ value: 1 }, /Missing value for required parameter 'timestamp'/],
          [{ timestamp: 1 }, /Missing value for required parameter 'value'/],
        ];
        for (const [fields, pattern] of cases) {
          const res = await server.post('runs/log-metric', { run_id: runId, key: 'm', ...fields });
          assert.equal(res.status, 400, JSON.stringify(fields));
          assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
          assert.match(res.json.message, pattern);
        }
      });

      it('logs a batch of metrics, params and tags', async () => {
        const { runId } = await createExperimentAndRun(server);
        const metrics = Array.from({ length: 500 }, (_, i) => ({ key: i % 2 ? 'a' : 'b', value: i, timestamp: 1000 + i, step: i }));
        const res = await server.post('runs/log-batch', {
          run_id: runId,
          metrics,
          params: [{ key: 'p1', value: 'x' }],
          tags: [{ key: 't1', value: 'y' }],
        });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json, {});
        const run = (await server.get('runs/get', { run_id: runId })).json.run;
        assert.equal(run.data.metrics.length, 2);
        assert.deepEqual(run.data.params, [{ key: 'p1', value: 'x' }]);
        assert.equal(tagsOf(run).t1, 'y');
        const history = await server.get('metrics/get-history', { run_id: runId, metric_key: 'a' });
        assert.equal(history.json.metrics.length, 250);
      });

      it('enforces log-batch limits and refuses duplicate param keys', async () => {
        const { runId } = await createExperimentAndRun(server);
        const metric = { key: 'm', value: 1, timestamp: 1 };
        const tooMany = await server.post('runs/log-batch', { run_id: runId, metrics: Array(1001).fill(metric) });
        assert.match(tooMany.json.message, /at most 1000 metrics\. Got 1001 metrics/);
        const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '1' }));
        assert.match((await server.post('runs/log-batch', { run_id: runId, params })).json.message, /at most 100 params/);
        const total = await server.post('runs/log-batch', {
          run_id: runId,
          metrics: Array(950).fill(metric),
          params: params.slice(0, 51),
        });
        assert.match(total.json.message, /at most 1000 metrics, params, and tags/);
        const dup = await server.post('runs/log-batch', {
          run_id: runId,
          params: [
            { key: 'd', value: '1' },
            { key: 'd', value: '2' },
          ],
        });
        assert.match(dup.json.message, /Duplicate parameter keys have been submitted/);
        const badMetric = await server.post('runs/log-batch', { run_id: runId, metrics: [metric, { key: 'm', value: 'x', timestamp: 1 }] });
        assert.match(badMetric.json.message, /'metrics\[1\]\.value'/);
      });

      it('logs dataset inputs and returns them with the run', async () => {
        const { runId } = await createExperimentAndRun(server);
        const datasets = [
          {
            tags: [{ key: 'mlflow.data.context', value: 'train' }],
            dataset: { name: 'iris', digest: 'abc123', source_type: 'local', source: '{"uri":"/data"}', schema: '{}' },
          },
        ];
        assert.equal((await server.post('runs/log-inputs', { run_id: runId, datasets })).status, 200);
        const run = (await server.get('runs/get', { run_id: runId })).json.run;
        assert.deepEqual(run.inputs, { dataset_inputs: datasets });
        const nameless = await server.post('runs/log-inputs', { run_id: runId, datasets: [{ dataset: { digest: 'x' } }] });
        assert.equal(nameless.json.error_code, 'INVALID_PARAMETER_VALUE');
      });

      it('takes a dataset with a name and nothing else, storing "" for the rest as MLflow 2.17 does', async () => {
        const { runId } = await createExperimentAndRun(server);
        const res = await server.post('runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name: 'no-digest' } }] });
        assert.equal(res.status, 200, res.text);
        const again = await server.post('runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name: 'no-digest', digest: null } }] });
        assert.equal(again.status, 200, again.text);
        const run = (await server.get('runs/get', { run_id: runId })).json.run;
        assert.deepEqual(run.inputs, { dataset_inputs: [{ dataset: { name: 'no-digest', digest: '', source_type: '', source: '' } }] });
        const found = await server.post('runs/search', { experiment_ids: [run.info.experiment_id], filter: "datasets.digest = ''" });
        assert.deepEqual(found.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id), [runId]);
      });

      it('refuses log-inputs without datasets, as MLflow 2.17 does, but takes an empty list', async () => {
        const { runId } = await createExperimentAndRun(server);
        const missing = await server.post('runs/log-inputs', { run_id: runId });
        assert.equal(missing.status, 400);
        assert.deepEqual(missing.json, {
          error_code: 'INVALID_PARAMETER_VALUE',
          message: "Missing value for required parameter 'datasets'. See the API docs for more information about request parameters.",
        });
        assert.equal((await server.post('runs/log-inputs', { run_id: runId, datasets: null })).status, 400);
        assert.equal((await server.post('runs/log-inputs', { run_id: runId, datasets: [] })).status, 200);
      });
    });

    describe('nested runs and search', () => {
      it('finds child runs by mlflow.parentRunId', async () => {
        const exp = (await server.post('experiments/create', { name: 'nested-exp' })).json.experiment_id;
        const parent = (await server.post('runs/create', { experiment_id: exp, run_name: 'parent' })).json.run.info.run_id;
        for (const name of ['child-1', 'child-2']) {
          await server.post('runs/create', {
            experiment_id: exp,
            run_name: name,
            tags: [{ key: 'mlflow.parentRunId', value: parent }],
          });
        }
        const res = await server.post('runs/search', {
          experiment_ids: [exp],
          filter: `tags.mlflow.parentRunId = '${parent}'`,
          order_by: ['attributes.run_name ASC'],
        });
        assert.deepEqual(
          res.json.runs.map((r: { info: { run_name: string } }) => r.info.run_name),
          ['child-1', 'child-2'],
        );
      });

      it('filters, orders and pages', async () => {
        const exp = (await server.post('experiments/create', { name: 'search-exp' })).json.experiment_id;
        for (let i = 0; i < 5; i++) {
          const runId = (await server.post('runs/create', { experiment_id: exp, run_name: `r${i}`, start_time: 1000 + i })).json
            .run.info.run_id;
          await server.post('runs/log-batch', {
            run_id: runId,
            metrics: [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }],
            params: [{ key: 'group', value: i % 2 ? 'odd' : 'even' }],
          });
        }
        const names = (res: { json: { runs?: Array<{ info: { run_name: string } }> } }) =>
          (res.json.runs ?? []).map((r) => r.info.run_name);
        const first = await server.post('runs/search', {
          experiment_ids: [exp],
          filter: "params.group = 'even' and metrics.acc >= 0",
          order_by: ['metrics.acc DESC'],
          max_results: 2,
        });
        assert.equal(first.status, 200, first.text);
        assert.deepEqual(names(first), ['r4', 'r2']);
        assert.ok(first.json.next_page_token);
        const second = await server.post('runs/search', {
          experiment_ids: [exp],
          filter: "params.group = 'even' and metrics.acc >= 0",
          order_by: ['metrics.acc DESC'],
          max_results: 2,
          page_token: first.json.next_page_token,
        });
        assert.deepEqual(names(second), ['r0']);
        assert.equal(second.json.next_page_token, undefined);

        const byStart = await server.post('runs/search', { experiment_ids: [exp], order_by: ['start_time ASC'] });
        assert.deepEqual(names(byStart), ['r0', 'r1', 'r2', 'r3', 'r4']);

        const run0 = byStart.json.runs[0].info.run_id;
        await server.post('runs/delete', { run_id: run0 });
        const active = await server.post('runs/search', { experiment_ids: [exp] });
        assert.equal(active.json.runs.length, 4);
        const deleted = await server.post('runs/search', { experiment_ids: [exp], run_view_type: 'DELETED_ONLY' });
        assert.deepEqual(names(deleted), ['r0']);
        const all = await server.post('runs/search', { experiment_ids: [exp], run_view_type: 'ALL' });
        assert.equal(all.json.runs.length, 5);
      });

      it('refuses a bad filter and too large max_results', async () => {
        const bad = await server.post('runs/search', { experiment_ids: ['0'], filter: 'metrics.acc >' });
        assert.equal(bad.status, 400);
        assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
        const big = await server.post('runs/search', { experiment_ids: ['0'], max_results: 50001 });
        assert.equal(big.status, 400);
        assert.match(big.json.message, /at most 50000/);
        const empty = await server.post('runs/search', { experiment_ids: [] });
        assert.deepEqual(empty.json, {});
      });
    });

    describe('runs/log-model', () => {
      it('appends the model summary to mlflow.log-model.history', async () => {
        const { runId } = await createExperimentAndRun(server);
        const model = {
          run_id: runId,
          artifact_path: 'model',
          utc_time_created: '2024-01-01 00:00:00.000000',
          flavors: { python_function: { loader_module: 'x', config: { big: true } } },
          signature: { inputs: '[]' },
        };
        for (let i = 0; i < 2; i++) {
          const res = await server.post('runs/log-model', { run_id: runId, model_json: JSON.stringify(model) });
          assert.equal(res.status, 200, res.text);
        }
        const tag = tagsOf((await server.get('runs/get', { run_id: runId })).json.run)['mlflow.log-model.history'];
        const history = JSON.parse(tag ?? '[]');
        assert.equal(history.length, 2);
        assert.deepEqual(history[0], {
          run_id: runId,
          artifact_path: 'model',
          utc_time_created: '2024-01-01 00:00:00.000000',
          flavors: { python_function: { loader_module: 'x' } },
        });
        const bad = await server.post('runs/log-model', { run_id: runId, model_json: '{"run_id": "x"}' });
        assert.match(bad.json.message, /Model json is missing mandatory fields/);
      });
    });
  });
}

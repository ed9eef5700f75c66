/**
 * Evaluation gates over HTTP, on SQLite and PostgreSQL: a spec evaluated by the server against
 * a run, a model version and an alias, compared with the champion; the result recorded (found,
 * listed, audited) unless dry_run; a bad spec refused with each problem's line and column; a
 * deleted run or version refused with nothing stored; a viewer (or a read-only token) may
 * dry-run but not record; and promotion reading the records — never run, passed, failed again,
 * stale after the spec changed — where a forged tag passes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient, isStrataApiError } from '../../src/client/browser.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startReceiver } from '../webhooks/webhook-receiver.js';
import { asAdmin, FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('gate tests');
const V1 = '/api/strata/v1';

// Signed-in users are viewers unless they created the thing (its manager); no header is the open principal.
const ALICE = { authorization: 'Bearer test-user:alice' };
const ALICE_READ_TOKEN = { authorization: 'Bearer test-user:alice+read' };
const VIC = { authorization: 'Bearer test-user:vic' };
const ROOT = asAdmin('root');

const SPEC = [
  '# offline evaluation against the production model',
  'name: offline-eval',
  'champion: { alias: production }',
  'rules:',
  '  - metrics.auc >= 0.9',
  '  - metrics.auc >= champion + 0.01',
  '',
].join('\n');

for (const dialect of dialects) {
  describeOrSkip(`gates on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let counter = 0;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'viewer' }, { authenticator: FAKE_AUTHENTICATOR, webhooks: { deliver: false } });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ApiResponse> {
      const url = new URL(`${server.url}${path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`}`);
      if (method === 'GET') for (const [key, value] of Object.entries(body)) url.searchParams.set(key, String(value));
      const init: RequestInit = { method, headers: { ...headers, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) } };
      if (method !== 'GET') init.body = JSON.stringify(body);
      return toApiResponse(await fetch(url, init));
    }
    const ok = (response: ApiResponse) => {
      assert.equal(response.status, 200, response.text);
      return response.json;
    };
    const logAuc = (runId: string, value: number) => call('POST', 'runs/log-metric', { run_id: runId, key: 'auc', value, timestamp: Date.now(), step: 0 }, ALICE);
    const evaluate = (body: Record<string, unknown>, who: Record<string, string> = ALICE) => call('POST', `${V1}/gates/evaluate`, { spec: SPEC, ...body }, who);
    const results = (query: Record<string, unknown>, who: Record<string, string> = ALICE) => call('GET', `${V1}/gates/results`, query, who);

    /** Alice's model: version 1 (auc 0.91) holds `production`, version 2 (auc 0.93) is the candidate. */
    async function fixture() {
      counter += 1;
      const name = `fraud-${counter}`;
      const experimentId = ok(await call('POST', 'experiments/create', { name: `gates-${counter}` }, ALICE)).experiment_id as string;
      const runs: string[] = [];
      for (const auc of [0.91, 0.93]) {
        const runId = ok(await call('POST', 'runs/create', { experiment_id: experimentId, start_time: 1 }, ALICE)).run.info.run_id as string;
        ok(await logAuc(runId, auc));
        runs.push(runId);
      }
      ok(await call('POST', 'registered-models/create', { name }, ALICE));
      for (const runId of runs) ok(await call('POST', 'model-versions/create', { name, source: `runs:/${runId}/model`, run_id: runId }, ALICE));
      ok(await call('POST', 'registered-models/alias', { name, alias: 'production', version: '1' }, ALICE));
      return { name, experimentId, championRun: runs[0]!, candidateRun: runs[1]! };
    }

    it('evaluates a version against its champion, records the result with its audit event, and lists and finds it', async () => {
      const { name, championRun, candidateRun } = await fixture();
      const result = ok(await evaluate({ model_uri: `models:/${name}/2`, ci_job_url: 'https://ci.example/jobs/7', ci: { commit: 'a1b2c3' } })).result;
      assert.equal(result.status, 'passed');
      assert.equal(result.recorded, true);
      assert.deepEqual([result.gate, result.model_name, result.version, result.run_id, result.ran_by], ['offline-eval', name, 2, candidateRun, 'alice']);
      assert.deepEqual(result.champion, { name, alias: 'production', version: 1, run_id: championRun });
      assert.match(result.spec_hash, /^[0-9a-f]{64}$/);
      assert.equal(result.spec, SPEC);
      assert.deepEqual([result.ci_job_url, result.ci], ['https://ci.example/jobs/7', { commit: 'a1b2c3' }]);
      const [threshold, champion] = result.rules;
      assert.deepEqual([threshold.status, threshold.value, threshold.line], ['passed', 0.93, 5]);
      assert.deepEqual([champion.status, champion.champion_value], ['passed', 0.91]);
      assert.ok(Math.abs(champion.delta - 0.02) < 1e-9);

      const fetched = ok(await call('GET', `${V1}/gates/results/get`, { result_id: result.result_id }, VIC)).result;
      assert.deepEqual(fetched, result);
      assert.deepEqual(ok(await results({ name, version: 2 })).results.map((r: { result_id: string }) => r.result_id), [result.result_id]);
      assert.deepEqual(ok(await results({ run_id: candidateRun, gate: 'offline-eval' })).results.map((r: { result_id: string }) => r.result_id), [result.result_id]);
      assert.deepEqual(ok(await results({ name, version: 1 })).results, []);
      assert.equal((await results({ name: 'no-such-model' })).status, 404);
      assert.equal((await results({ run_id: 'no-such-run' })).status, 404);
      assert.equal((await results({})).status, 400, 'a run or a model to list');

      const audit = ok(await call('GET', `${V1}/audit`, { entity_type: 'model_version', entity_id: `${name}/2`, action: 'gate.evaluate' }, ROOT)).events;
      assert.equal(audit.length, 1);
      assert.deepEqual(audit[0].summary, { gate: 'offline-eval', status: 'passed', spec_hash: result.spec_hash, result_id: result.result_id, run_id: candidateRun });
    });

    it('evaluates a bare run and an alias; a missing champion is an `error` result, answered and recorded', async () => {
      const { name, candidateRun, championRun } = await fixture();
      const bare = ok(await evaluate({ run_id: candidateRun })).result;
      assert.equal(bare.status, 'error', 'no model to find the champion on');
      assert.equal(bare.model_name, undefined);
      assert.equal(bare.champion, undefined);
      assert.equal(bare.rules[1].status, 'error');
      assert.deepEqual(ok(await results({ run_id: candidateRun })).results.map((r: { result_id: string }) => r.result_id), [bare.result_id]);
      const audit = ok(await call('GET', `${V1}/audit`, { entity_type: 'run', entity_id: candidateRun, action: 'gate.evaluate' }, ROOT)).events;
      assert.equal(audit.length, 1);

      // The alias's holder is its own champion: compared with itself, delta 0.
      const self = ok(await evaluate({ model_uri: `models:/${name}@production`, spec: SPEC.replace('champion + 0.01', 'champion') })).result;
      assert.deepEqual([self.status, self.version, self.run_id, self.champion.version], ['passed', 1, championRun, 1]);
      assert.equal(self.rules[1].delta, 0);
    });

    it('reads the candidate run’s artifacts through the server’s store, and a NaN metric fails its rule (null on the wire)', async () => {
      const { name, candidateRun } = await fixture();
      const spec = 'name: packaging\nrules:\n  - metrics.auc >= 0.9\n  - { artifact: model/MLmodel }\n';
      const before = ok(await evaluate({ model_uri: `models:/${name}/2`, spec, dry_run: true })).result;
      assert.deepEqual(before.rules.map((r: { status: string }) => r.status), ['passed', 'failed']);
      const artifactUri = ok(await call('GET', 'runs/get', { run_id: candidateRun }, ALICE)).run.info.artifact_uri as string;
      const path = artifactUri.replace(/^mlflow-artifacts:\//, '');
      const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${path}/model/MLmodel`, { method: 'PUT', headers: ALICE, body: 'flavors: {}\n' });
      assert.equal(put.status, 200, await put.text());
      ok(await call('POST', 'runs/log-metric', { run_id: candidateRun, key: 'auc', value: 'NaN', timestamp: Date.now(), step: 1 }, ALICE));
      const after = ok(await evaluate({ model_uri: `models:/${name}/2`, spec, dry_run: true })).result;
      assert.deepEqual(after.rules.map((r: { status: string }) => r.status), ['failed', 'passed']);
      assert.equal(after.rules[0].value, null);
      assert.equal(after.status, 'failed');
    });

    it('stores nothing for a dry run', async () => {
      const { name } = await fixture();
      const result = ok(await evaluate({ model_uri: `models:/${name}/2`, dry_run: true })).result;
      assert.deepEqual([result.status, result.recorded], ['passed', false]);
      assert.deepEqual(ok(await results({ name })).results, []);
      assert.equal((await call('GET', `${V1}/gates/results/get`, { result_id: result.result_id }, ALICE)).status, 404);
      assert.deepEqual(ok(await call('GET', `${V1}/audit`, { entity_type: 'model_version', entity_id: `${name}/2` }, ROOT)).events.filter((e: { action: string }) => e.action === 'gate.evaluate'), []);
    });

    it('refuses a bad spec with each problem’s line and column, and stores nothing', async () => {
      const { name } = await fixture();
      const bad = await evaluate({ model_uri: `models:/${name}/2`, spec: SPEC.replace('metrics.auc >= 0.9', 'metrics.auc >== 0.9') });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
      const [problem] = bad.json.details.problems;
      assert.equal(problem.line, 5);
      assert.equal(typeof problem.column, 'number');
      assert.equal(typeof problem.message, 'string');
      const huge = await evaluate({ model_uri: `models:/${name}/2`, spec: `${SPEC}#${'x'.repeat(256 * 1024)}` });
      assert.equal(huge.status, 413, huge.text);
      assert.equal((await evaluate({ model_uri: `models:/${name}/2`, run_id: 'abc' })).status, 400, 'exactly one target');
      assert.equal((await evaluate({ model_uri: `models:/${name}/latest` })).status, 400, 'a record names one version');
      assert.deepEqual(ok(await results({ name })).results, []);
    });

    it('refuses a deleted run or a deleted version and stores nothing', async () => {
      const { name, candidateRun, championRun } = await fixture();
      ok(await call('POST', 'runs/delete', { run_id: candidateRun }, ALICE));
      const run = await evaluate({ run_id: candidateRun });
      assert.equal(run.status, 400, run.text);
      assert.match(run.json.message, /the run is deleted/);
      const version = await evaluate({ model_uri: `models:/${name}/2` });
      assert.equal(version.status, 400, version.text);
      assert.match(version.json.message, new RegExp(`source run of ${name} version 2`));
      ok(await call('DELETE', 'model-versions/delete', { name, version: '2' }, ALICE));
      const gone = await evaluate({ model_uri: `models:/${name}/2` });
      assert.equal(gone.status, 404, gone.text);
      assert.equal(gone.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
      assert.deepEqual(ok(await results({ run_id: candidateRun })).results, []);
      assert.deepEqual(ok(await results({ run_id: championRun })).results, []);
      assert.deepEqual(ok(await results({ name })).results, []);
    });

    it('lets a viewer or a read-only token dry-run a gate but not record it', async () => {
      const { name, candidateRun } = await fixture();
      for (const who of [VIC, ALICE_READ_TOKEN]) {
        const refused = await evaluate({ model_uri: `models:/${name}/2` }, who);
        assert.equal(refused.status, 403, refused.text);
        assert.equal(refused.json.error_code, 'PERMISSION_DENIED');
        assert.match(refused.json.message, /dry_run/);
        assert.equal(ok(await evaluate({ model_uri: `models:/${name}/2`, dry_run: true }, who)).result.status, 'passed');
      }
      assert.equal((await evaluate({ run_id: candidateRun }, VIC)).status, 403);
      assert.deepEqual(ok(await results({ name })).results, []);
      assert.equal(ok(await evaluate({ model_uri: `models:/${name}/2` }, ROOT)).result.ran_by, 'root');
    });

    it('gates promotion on recorded results: never ran, passed, failed since, stale after the spec changed — a tag passes nothing', async () => {
      const { name, candidateRun } = await fixture();
      ok(await call('POST', `${V1}/models/policy`, {
        name, protected_aliases: { staging: { approvals: 1, approvers: { users: ['root'] }, conditions: { gate: 'offline-eval' } } },
      }, ROOT));
      const request = () => call('POST', `${V1}/promotions`, { model: name, version: 2, alias: 'staging', reason: 'better auc' }, ALICE);
      const refusedWith = async (pattern: RegExp) => {
        const refused = await request();
        assert.equal(refused.status, 409, refused.text);
        assert.match(refused.json.message, pattern);
      };
      ok(await call('POST', 'model-versions/set-tag', { name, version: '2', key: 'strata.gate.offline-eval', value: 'passed' }, ALICE));
      await refusedWith(/gate 'offline-eval' has never run on version 2/);

      const passed = ok(await evaluate({ model_uri: `models:/${name}/2` })).result;
      assert.equal(passed.status, 'passed');
      const created = ok(await request()).request;
      ok(await call('POST', `${V1}/promotions/cancel`, { request_id: created.request_id }, ALICE));

      ok(await logAuc(candidateRun, 0.5));
      const failed = ok(await evaluate({ model_uri: `models:/${name}/2` })).result;
      assert.equal(failed.status, 'failed');
      await refusedWith(new RegExp(`gate 'offline-eval' failed on version 2 \\(result ${failed.result_id}, `));

      ok(await logAuc(candidateRun, 0.95));
      assert.equal(ok(await evaluate({ model_uri: `models:/${name}/2` })).result.status, 'passed');
      const changed = ok(await evaluate({ model_uri: `models:/${name}/1`, spec: SPEC.replace('auc >= 0.9', 'auc >= 0.85') })).result;
      assert.notEqual(changed.spec_hash, passed.spec_hash);
      await refusedWith(/gate 'offline-eval' passed on version 2 with an older spec \(hash [0-9a-f]{8}… ≠ current [0-9a-f]{8}…, .*\); run the gate again/);

      assert.equal(ok(await evaluate({ model_uri: `models:/${name}/2`, spec: SPEC.replace('auc >= 0.9', 'auc >= 0.85') })).result.status, 'passed');
      assert.equal(ok(await request()).request.state, 'pending');
    });

    it('lets a result recorded against the bare source run pass a version that has none of its own', async () => {
      const { name, candidateRun } = await fixture();
      ok(await call('POST', `${V1}/models/policy`, { name, protected_aliases: { staging: { approvals: 1, approvers: { users: ['root'] }, conditions: { gate: 'smoke' } } } }, ROOT));
      const request = () => call('POST', `${V1}/promotions`, { model: name, version: 2, alias: 'staging', reason: 'smoke passed' }, ALICE);
      assert.equal((await request()).status, 409);
      assert.equal(ok(await evaluate({ run_id: candidateRun, spec: 'name: smoke\nrules:\n  - metrics.auc >= 0.9\n' })).result.status, 'passed');
      assert.equal(ok(await request()).request.state, 'pending');
    });

    it('announces a recorded result to webhooks as gate_result.created; a dry run announces nothing', async () => {
      const receiver = await startReceiver();
      const delivering = await startTestServer({ backendStoreUri: dialect.uri() }, { webhooks: { allowedHosts: ['127.0.0.1'], pollIntervalMs: 50 } });
      try {
        assert.equal((await delivering.post('webhooks', { name: 'g', url: receiver.url, events: [{ entity: 'GATE_RESULT', action: 'CREATED' }] })).status, 200);
        counter += 1;
        const experimentId = (await delivering.post('experiments/create', { name: `hooked-${counter}` })).json.experiment_id as string;
        const runId = (await delivering.post('runs/create', { experiment_id: experimentId, start_time: 1 })).json.run.info.run_id as string;
        await delivering.post('runs/log-metric', { run_id: runId, key: 'auc', value: 0.95, timestamp: 1, step: 0 });
        const spec = 'name: offline-eval\nrules:\n  - metrics.auc >= 0.9\n';
        assert.equal((await delivering.post(`${V1}/gates/evaluate`, { spec, run_id: runId, dry_run: true })).status, 200);
        const recorded = (await delivering.post(`${V1}/gates/evaluate`, { spec, run_id: runId, ci_job_url: 'https://ci.example/jobs/9' })).json.result;
        const [delivery] = await receiver.waitFor(1);
        assert.deepEqual([delivery!.json.entity, delivery!.json.action], ['gate_result', 'created']);
        assert.deepEqual(delivery!.json.data, {
          result_id: recorded.result_id, gate: 'offline-eval', status: 'passed', spec_hash: recorded.spec_hash, run_id: runId, ran_by: 'anonymous', ci_job_url: 'https://ci.example/jobs/9',
        });
      } finally {
        await delivering.close();
        await receiver.close();
      }
    });

    it('works through the browser SDK: gates.evaluate, list and get', async () => {
      const { name } = await fixture();
      const alice = createClient({ trackingUri: server.url, username: 'alice', password: 'x' });
      const result = await alice.gates.evaluate({ spec: SPEC, model_uri: `models:/${name}/2` });
      assert.equal(result.status, 'passed');
      assert.deepEqual((await alice.gates.list({ name, version: 2 })).map((r) => r.result_id), [result.result_id]);
      assert.equal((await alice.gates.get(result.result_id)).spec_hash, result.spec_hash);
      await assert.rejects(alice.gates.evaluate({ spec: 'name: x\nrules:\n  - metrics.auc >== 1\n', model_uri: `models:/${name}/2` }), (error) => {
        assert.ok(isStrataApiError(error));
        assert.equal(error.status, 400);
        const problems = (error.details as { problems: Array<{ line: number }> }).problems;
        assert.equal(problems[0]?.line, 3);
        return true;
      });
    });
  });
}

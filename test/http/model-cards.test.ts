/**
 * GET /api/strata/v1/models/card over HTTP, on SQLite and PostgreSQL: a version registered from
 * a run with params, metrics, a dataset input, a git commit, a parent run and model files
 * (MLmodel, requirements.txt) comes back as a Model Card Toolkit JSON, Markdown and HTML in both
 * templates; aliases resolve; an unknown model or version is a 404, a bad format or template a
 * 400; markup in a card tag comes out escaped; the SDK's client.models.card answers typed JSON
 * or text; a caller who may not read the model gets no card.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient, isStrataApiError } from '../../src/client/browser.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { asAdmin, asUser, FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { createExperimentAndRun, startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('model card tests');
const CARD = '/api/strata/v1/models/card';

const MLMODEL = `artifact_path: model
flavors:
  python_function:
    python_version: 3.11.4
  sklearn:
    sklearn_version: 1.4.2
mlflow_version: 2.14.1
`;

for (const dialect of dialects) {
  describeOrSkip(`model cards on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let runId: string;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      const ok = (response: ApiResponse) => assert.equal(response.status, 200, response.text);
      const parent = await createExperimentAndRun(server, 'cards-parent');
      ({ runId } = await createExperimentAndRun(server, 'cards'));
      ok(await server.post('runs/log-batch', {
        run_id: runId,
        params: [{ key: 'C', value: '0.5' }],
        metrics: [{ key: 'auc', value: 0.93, timestamp: Date.now(), step: 1 }, { key: 'recall/segment/retail', value: 0.81, timestamp: Date.now(), step: 1 }],
        tags: [{ key: 'mlflow.source.git.commit', value: 'abc123' }, { key: 'mlflow.parentRunId', value: parent.runId }, { key: 'node_version', value: '22.12.0' }],
      }));
      ok(await server.post('runs/log-inputs', {
        run_id: runId,
        datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'transactions', digest: 'd16e57a0b1c2', source_type: 'strata', source: 'strata://transactions/3' } }],
      }));
      ok(await server.post('/api/strata/v1/datasets/versions', { name: 'transactions', digest: 'd16e57a0b1c2', size: 1024, file_count: 1, source_uri: 'git@example:data#transactions' }));
      const run = await server.get('runs/get', { run_id: runId });
      const root = String(run.json.run.info.artifact_uri).replace(/^mlflow-artifacts:\//, '');
      for (const [name, body] of [['MLmodel', MLMODEL], ['requirements.txt', 'scikit-learn==1.4.2\nnumpy>=1.26\n']] as const) {
        const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${root}/model/${name}`, { method: 'PUT', body });
        assert.equal(put.status, 200, await put.text());
      }
      ok(await server.post('registered-models/create', { name: 'fraud', tags: [{ key: 'strata.card.monitoring', value: 'Weekly drift report' }] }));
      ok(await server.post('model-versions/create', { name: 'fraud', source: `runs:/${runId}/model`, run_id: runId, description: 'First fraud model' }));
      ok(await server.post('model-versions/create', { name: 'fraud', source: `runs:/${runId}/model`, run_id: runId }));
      ok(await server.post('registered-models/alias', { name: 'fraud', alias: 'production', version: '1' }));
      for (const [key, value] of [
        ['strata.card.intended_use', 'Scoring card payments'],
        ['strata.card.limitations', '<script>alert(1)</script> [x](javascript:alert(2))'],
      ]) ok(await server.post('model-versions/set-tag', { name: 'fraud', version: '1', key, value }));
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('answers the Model Card Toolkit JSON of a version from the registry, its run and its model files', async () => {
      const response = await server.get(CARD, { name: 'fraud', version: 1 });
      assert.equal(response.status, 200, response.text);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const card = response.json;
      assert.equal(card.model_details.name, 'fraud');
      assert.equal(card.model_details.overview, 'First fraud model');
      assert.equal(card.model_details.version.name, '1');
      assert.equal(card.model_details.path, 'models:/fraud/1');
      assert.equal(card.model_parameters.model_architecture, 'python_function, sklearn 1.4.2');
      assert.deepEqual(card.model_parameters.data.map((d: { name: string; context: string; registered_versions: unknown }) => [d.name, d.context, d.registered_versions]), [
        ['transactions', 'training', [{ name: 'transactions', version: 1 }]],
      ]);
      assert.deepEqual(card.quantitative_analysis.performance_metrics, [
        { type: 'auc', value: '0.93', slice: '' },
        { type: 'recall', value: '0.81', slice: 'segment=retail' },
      ]);
      assert.deepEqual(card.considerations.use_cases, [{ description: 'Scoring card payments' }]);
      const { strata } = card;
      assert.equal(strata.run.run_id, runId);
      assert.deepEqual(strata.run.params, [{ key: 'C', value: '0.5' }]);
      assert.equal(strata.environment.python_version, '3.11.4');
      assert.equal(strata.environment.mlflow_version, '2.14.1');
      assert.equal(strata.environment.node_version, '22.12.0');
      assert.deepEqual(strata.environment.dependencies, ['scikit-learn==1.4.2', 'numpy>=1.26']);
      assert.deepEqual(strata.environment.files.map((f: { path: string }) => f.path), ['MLmodel', 'requirements.txt']);
      assert.equal(strata.lineage.git_commit, 'abc123');
      assert.equal(strata.lineage.parent_runs.length, 1);
      assert.equal(strata.gates_recorded, true);
      assert.deepEqual(strata.gates, [], 'no gate has run yet');
      assert.deepEqual(strata.version.aliases, ['production']);
      const actions = strata.audit.map((e: { source: string; action: string }) => `${e.source}:${e.action}`);
      assert.ok(actions.includes('registry:alias_set'), actions.join());
      assert.ok(actions.some((a: string) => a.startsWith('audit:')), actions.join());
      assert.deepEqual(strata.card_tags.map((t: { key: string; from: string }) => `${t.key}<-${t.from}`), [
        'strata.card.intended_use<-version', 'strata.card.limitations<-version', 'strata.card.monitoring<-model',
      ]);
      assert.equal(card.completeness, undefined);
    });

    it('resolves an alias to its version', async () => {
      const byAlias = await server.get(CARD, { name: 'fraud', alias: 'production' });
      assert.equal(byAlias.status, 200, byAlias.text);
      assert.equal(byAlias.json.model_details.version.name, '1');
      const latest = await server.get(CARD, { name: 'fraud', version: 2 });
      assert.equal(latest.json.model_details.version.name, '2');
      assert.deepEqual(latest.json.strata.version.aliases, []);
    });

    for (const template of ['model-card', 'technical-documentation'] as const) {
      it(`answers ${template} as JSON, Markdown and HTML`, async () => {
        const json = await server.get(CARD, { name: 'fraud', alias: 'production', template, format: 'json' });
        assert.equal(json.status, 200, json.text);
        const md = await server.get(CARD, { name: 'fraud', alias: 'production', template, format: 'md' });
        assert.equal(md.status, 200, md.text);
        assert.match(md.headers.get('content-type') ?? '', /^text\/markdown/);
        assert.match(md.text, /^---\nmodel_name: "fraud"\nmodel_version: 1\n/);
        const html = await server.get(CARD, { name: 'fraud', alias: 'production', template, format: 'html' });
        assert.equal(html.status, 200, html.text);
        assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
        assert.ok(html.text.startsWith('<!DOCTYPE html>'));
        assert.match(html.text, /@media print/);
        for (const text of [md.text, html.text]) {
          assert.doesNotMatch(text, /<script>/, 'markup in a card tag is escaped');
          assert.match(text, /&lt;script&gt;alert\(1\)/);
        }
        if (template === 'technical-documentation') {
          const { completeness } = json.json;
          assert.equal(completeness.sections.length, 8);
          const byName = Object.fromEntries(completeness.sections.map((s: { name: string; status: string; missing: string[] }) => [s.name, s]));
          assert.equal(byName.monitoring.status, 'filled', 'the model tag fills it');
          assert.equal(byName.data_and_data_governance.status, 'partial');
          assert.deepEqual(byName.data_and_data_governance.missing, ['data_governance']);
          assert.ok(completeness.score > 0 && completeness.score < 1);
          assert.equal(json.json.technical_documentation.sections.length, 8);
          assert.match(md.text, /## 8\. Monitoring \(filled\)/);
          assert.match(md.text, /\*\*risk\\_management\*\*: \*\*missing\*\*\. To fill it: set the tag strata\.card\.risk\\_management/);
          assert.match(html.text, /<span class="missing">missing<\/span>/);
        } else {
          assert.match(md.text, /## Approvals & gates\n\n_Evaluation gates: none recorded/);
          assert.match(md.text, /```text\nmodels:\/fraud\/1\n```/);
        }
      });
    }

    it('shows the gate result that counts for the version: rules, spec hash, CI job, and stale ones flagged', async () => {
      const evaluate = async (spec: string, target: Record<string, string>) => {
        const response = await server.post('/api/strata/v1/gates/evaluate', { spec, ...target, ci_job_url: 'https://ci.example/jobs/7' });
        assert.equal(response.status, 200, response.text);
        return response.json.result;
      };
      const first = await evaluate('name: offline-eval\nrules:\n  - metrics.auc >= 0.9\n', { model_uri: 'models:/fraud/2' });
      const fairness = await evaluate('name: fairness\nrules:\n  - metrics.auc >= 0.5\n', { run_id: runId });
      const before = (await server.get(CARD, { name: 'fraud', version: 2 })).json.strata;
      assert.equal(before.gates_recorded, true);
      assert.deepEqual(before.gates.map((g: { gate: string; scope: string; result_id: string; current_spec: boolean }) => [g.gate, g.scope, g.result_id, g.current_spec]), [
        ['fairness', 'run', fairness.result_id, true],
        ['offline-eval', 'version', first.result_id, true],
      ]);
      const gate = before.gates[1];
      assert.equal(gate.status, 'passed');
      assert.equal(gate.spec_hash, first.spec_hash);
      assert.equal(gate.ci_job_url, 'https://ci.example/jobs/7');
      assert.deepEqual(gate.rules.map((r: { rule: string; status: string; value: string }) => [r.rule, r.status, r.value]), [['metrics.auc >= 0.9', 'passed', '0.93']]);
      // The gate's spec changes on another version: version 2's pass is stale.
      await evaluate('name: offline-eval\nrules:\n  - metrics.auc >= 0.92\n', { model_uri: 'models:/fraud/1' });
      const after = (await server.get(CARD, { name: 'fraud', version: 2, format: 'md', template: 'technical-documentation' })).text;
      assert.match(after, /### Gate offline-eval: passed \(stale: the gate has since run with another spec\)/);
      assert.match(after, /\*\*evaluation\\_gates\*\*: fairness passed, offline-eval passed \(stale spec\)/);
    });

    it('answers 404 for an unknown model or version and 400 for a bad format, template or target', async () => {
      const unknownModel = await server.get(CARD, { name: 'nope', version: 1 });
      assert.equal(unknownModel.status, 404);
      assert.equal(unknownModel.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
      const unknownVersion = await server.get(CARD, { name: 'fraud', version: 99 });
      assert.equal(unknownVersion.status, 404);
      assert.match(unknownVersion.json.message, /version=99/);
      assert.equal((await server.get(CARD, { name: 'nope', alias: 'production' })).status, 404);
      const badQueries: Record<string, string | number>[] = [
        { name: 'fraud', version: 1, format: 'pdf' },
        { name: 'fraud', version: 1, template: 'eu-ai-act' },
        { name: 'fraud' },
        { name: 'fraud', version: 1, alias: 'production' },
        { name: 'fraud', version: 'x' },
        { version: 1 },
      ];
      for (const query of badQueries) {
        const response = await server.get(CARD, query);
        assert.equal(response.status, 400, `${JSON.stringify(query)}: ${response.text}`);
        assert.equal(response.json.error_code, 'INVALID_PARAMETER_VALUE');
      }
      const bad = await server.get(CARD, { name: 'fraud', version: 1, format: 'pdf' });
      assert.match(bad.json.message, /Invalid format 'pdf': expected one of json, md, html/);
    });

    it('is client.models.card in the SDK: typed JSON, or the text of md and html', async () => {
      const client = createClient({ trackingUri: server.url });
      const card = await client.models.card({ name: 'fraud', alias: 'production' });
      assert.equal(card.model_details.version.name, '1');
      const md = await client.models.card({ name: 'fraud', version: 1, format: 'md', template: 'technical-documentation' });
      assert.match(md, /^---\n/);
      const html = await client.models.card({ name: 'fraud', version: '2', format: 'html' });
      assert.match(html, /<title>Model card: fraud version 2<\/title>/);
      await assert.rejects(client.models.card({ name: 'fraud', version: 99, format: 'html' }), (error) => isStrataApiError(error, 'RESOURCE_DOES_NOT_EXIST'));
    });
  });
}

describeOrSkip('model card permissions', false, () => {
  let server: TestServer;
  const ROOT = asAdmin('root');
  const call = async (who: Record<string, string>, method: 'GET' | 'POST', path: string, body: Record<string, unknown> = {}): Promise<ApiResponse> => {
    const url = new URL(`${server.url}${path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`}`);
    if (method === 'GET') for (const [key, value] of Object.entries(body)) url.searchParams.set(key, String(value));
    const init: RequestInit = method === 'GET' ? { headers: who } : { method, headers: { ...who, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return toApiResponse(await fetch(url, init));
  };
  before(async () => {
    server = await startTestServer({ defaultPermission: 'none' }, { authenticator: FAKE_AUTHENTICATOR });
    const ok = (response: ApiResponse) => assert.equal(response.status, 200, response.text);
    const experiment = await call(ROOT, 'POST', 'experiments/create', { name: 'secret-training' });
    ok(experiment);
    const run = await call(ROOT, 'POST', 'runs/create', { experiment_id: experiment.json.experiment_id, start_time: Date.now() });
    ok(run);
    const runId = run.json.run.info.run_id as string;
    ok(await call(ROOT, 'POST', 'runs/log-metric', { run_id: runId, key: 'auc', value: 0.9, timestamp: Date.now(), step: 0 }));
    ok(await call(ROOT, 'POST', 'registered-models/create', { name: 'secret' }));
    ok(await call(ROOT, 'POST', 'model-versions/create', { name: 'secret', source: `runs:/${runId}/model`, run_id: runId }));
    ok(await call(ROOT, 'POST', '/api/strata/v1/permissions/grant', { resource_type: 'model', resource_key: 'secret', principal_name: 'alice', role: 'viewer' }));
  });
  after(async () => server?.close());

  const card = (who: Record<string, string>) => call(who, 'GET', CARD, { name: 'secret', version: 1 });

  it('needs read on the model: a stranger is answered as if it did not exist', async () => {
    assert.equal((await card(ROOT)).status, 200);
    const denied = await card(asUser('mallory'));
    assert.equal(denied.status, 404, denied.text);
    assert.equal(denied.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    assert.doesNotMatch(denied.text, /model_details/);
  });

  it('leaves out the source run for a reader of the model who may not read its experiment', async () => {
    const full = (await card(ROOT)).json;
    assert.equal(full.strata.run_hidden, false);
    assert.equal(full.quantitative_analysis.performance_metrics.length, 1);
    const response = await card(asUser('alice'));
    assert.equal(response.status, 200, response.text);
    const { json } = response;
    assert.equal(json.strata.run_hidden, true);
    assert.equal(json.strata.run, undefined);
    assert.deepEqual(json.quantitative_analysis.performance_metrics, []);
    assert.match(json.model_details.version.diff, /The source run is in an experiment you may not read\./);
  });
});

/**
 * The model registry over HTTP, on SQLite and PostgreSQL: every MLflow registry endpoint
 * with MLflow's JSON and errors, Strata's resolve and alias-history endpoints, the audit
 * trail, and what concurrency could break (dense version numbers under 20 concurrent
 * creates, concurrent alias moves recorded in order). PostgreSQL is skipped (reason
 * printed) when none answers, and fails instead under STRATA_REQUIRE_POSTGRES=1
 * (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { type ApiResponse, createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { registryCalls } from '../helpers/registry-calls.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('registry HTTP tests');

function assertError(res: ApiResponse, status: number, code: string, message?: RegExp | string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error_code, code, res.text);
  if (typeof message === 'string') assert.equal(res.json.message, message);
  else if (message) assert.match(res.json.message, message);
}

for (const dialect of dialects) {
  describeOrSkip(`registry over HTTP on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let api: ReturnType<typeof registryCalls>;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      api = registryCalls(server);
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    async function modelWithVersions(name: string, count: number): Promise<string> {
      const { runId } = await createExperimentAndRun(server);
      assert.equal((await api.createModel(name)).status, 200);
      for (let i = 0; i < count; i++) {
        const res = await api.createVersion({ name, source: `runs:/${runId}/model`, run_id: runId });
        assert.equal(res.status, 200, res.text);
      }
      return runId;
    }

    describe('registered models over HTTP', () => {
      it('creates with tags and description, gets, and refuses a duplicate with RESOURCE_ALREADY_EXISTS', async () => {
        const created = await api.createModel('rm-create', { tags: [{ key: 'team', value: 'fraud' }], description: 'd' });
        assert.equal(created.status, 200);
        const model = created.json.registered_model;
        assert.equal(model.name, 'rm-create');
        assert.equal(model.description, 'd');
        assert.deepEqual(model.tags, [{ key: 'team', value: 'fraud' }]);
        assert.equal(typeof model.creation_timestamp, 'number');
        assert.equal(model.latest_versions, undefined, 'empty lists are left out');
        const got = await server.get('registered-models/get', { name: 'rm-create' });
        assert.deepEqual(got.json.registered_model, model);
        assertError(await api.createModel('rm-create'), 400, 'RESOURCE_ALREADY_EXISTS', 'Registered Model (name=rm-create) already exists.');
        assertError(await api.createModel(''), 400, 'INVALID_PARAMETER_VALUE', /Missing value for required parameter 'name'/);
        assertError(await server.get('registered-models/get', { name: 'nope' }), 404, 'RESOURCE_DOES_NOT_EXIST', 'Registered Model with name=nope not found');
      });

      it('renames (versions follow), updates, sets and deletes tags, deletes', async () => {
        await modelWithVersions('rm-old', 1);
        assertError(await server.post('registered-models/rename', { name: 'rm-old' }), 400, 'INVALID_PARAMETER_VALUE', /new_name/);
        await api.createModel('rm-taken');
        assertError(await server.post('registered-models/rename', { name: 'rm-old', new_name: 'rm-taken' }), 400, 'RESOURCE_ALREADY_EXISTS');
        const renamed = await server.post('registered-models/rename', { name: 'rm-old', new_name: 'rm-new' });
        assert.equal(renamed.json.registered_model.name, 'rm-new');
        assert.equal((await server.get('model-versions/get', { name: 'rm-new', version: '1' })).json.model_version.name, 'rm-new');
        const updated = await api.send('PATCH', 'registered-models/update', { name: 'rm-new', description: 'better' });
        assert.equal(updated.json.registered_model.description, 'better');
        assert.equal((await server.post('registered-models/set-tag', { name: 'rm-new', key: 'k', value: 'v' })).status, 200);
        assertError(await server.post('registered-models/set-tag', { name: 'rm-new', key: '../x', value: 'v' }), 400, 'INVALID_PARAMETER_VALUE');
        assertError(await server.post('registered-models/set-tag', { name: 'rm-new', key: 'k', value: 'x'.repeat(5001) }), 400,
          'INVALID_PARAMETER_VALUE', "'value' exceeds the maximum length of 5000 characters");
        assert.deepEqual((await server.get('registered-models/get', { name: 'rm-new' })).json.registered_model.tags, [{ key: 'k', value: 'v' }]);
        assert.equal((await api.send('DELETE', 'registered-models/delete-tag', { name: 'rm-new', key: 'k' })).status, 200);
        assert.equal((await api.send('DELETE', 'registered-models/delete-tag', { name: 'rm-new', key: 'k' })).status, 200, 'absent tag: no error');
        assert.equal((await api.send('DELETE', 'registered-models/delete', { name: 'rm-new' })).status, 200);
        assertError(await server.get('registered-models/get', { name: 'rm-new' }), 404, 'RESOURCE_DOES_NOT_EXIST');
        assertError(await api.send('DELETE', 'registered-models/delete', { name: 'rm-new' }), 404, 'RESOURCE_DOES_NOT_EXIST');
      });

      it('searches with filter, order_by and page tokens (GET, as MLflow clients send it)', async () => {
        for (const name of ['srch-b', 'srch-a', 'srch-c']) await api.createModel(name, { tags: [{ key: 'grp', value: name === 'srch-c' ? 'x' : 'y' }] });
        const names = (res: ApiResponse) => (res.json.registered_models ?? []).map((m: { name: string }) => m.name);
        assert.deepEqual(names(await server.get('registered-models/search', { filter: "name LIKE 'srch-%'" })), ['srch-a', 'srch-b', 'srch-c']);
        assert.deepEqual(names(await server.get('registered-models/search', { filter: "name LIKE 'srch-%'", order_by: 'name DESC' })), ['srch-c', 'srch-b', 'srch-a']);
        assert.deepEqual(names(await server.get('registered-models/search', { filter: "tags.grp = 'y' AND NOT name = 'srch-a'" })), ['srch-b']);
        const first = await server.get('registered-models/search', { filter: "name LIKE 'srch-%'", max_results: 2 });
        assert.deepEqual(names(first), ['srch-a', 'srch-b']);
        const second = await server.get('registered-models/search', { filter: "name LIKE 'srch-%'", max_results: 2, page_token: first.json.next_page_token });
        assert.deepEqual(names(second), ['srch-c']);
        assert.equal(second.json.next_page_token, undefined);
        assertError(await server.get('registered-models/search', { max_results: 1001 }), 400, 'INVALID_PARAMETER_VALUE', /max_results/);
        assertError(await server.get('registered-models/search', { filter: 'bogus = 1' }), 400, 'INVALID_PARAMETER_VALUE');
      });

      it('pages a search with NOT on a tag, and finds versions by a tag OR a name', async () => {
        for (const name of ['not-a', 'not-b', 'not-c']) await api.createModel(name, { tags: [{ key: 'tier', value: name === 'not-b' ? 'gold' : 'std' }] });
        const filter = "name LIKE 'not-%' AND NOT tags.tier = 'gold'";
        const page1 = await server.get('registered-models/search', { filter, max_results: 1 });
        const page2 = await server.get('registered-models/search', { filter, max_results: 1, page_token: page1.json.next_page_token });
        assert.deepEqual([page1.json.registered_models[0].name, page2.json.registered_models[0].name], ['not-a', 'not-c']);
        await api.createVersion({ name: 'not-a', source: 's3://b/x', tags: [{ key: 'vt', value: 'v' }] });
        const versions = await server.get('model-versions/search', { filter: "tags.vt = 'v' OR name = 'not-zzz'" });
        assert.deepEqual(versions.json.model_versions.map((v: { name: string }) => v.name), ['not-a']);
      });

      it('deletes a registered model with its versions, aliases and history', async () => {
        await api.createModel('doomed');
        await api.createVersion({ name: 'doomed', source: 's3://b/d' });
        await server.post('registered-models/alias', { name: 'doomed', alias: 'x', version: '1' });
        assert.equal((await api.send('DELETE', 'registered-models/delete', { name: 'doomed' })).status, 200);
        assert.equal((await server.get('model-versions/get', { name: 'doomed', version: '1' })).status, 404);
        await api.createModel('doomed');
        assert.deepEqual((await server.get('/api/strata/v1/registered-models/alias-history', { name: 'doomed' })).json.events, []);
      });
    });

    describe('model versions over HTTP', () => {
      it('creates dense versions from runs:/ sources with status READY; resolves the storage location', async () => {
        const runId = await modelWithVersions('mv-create', 2);
        const res = await api.createVersion({
          name: 'mv-create', source: `runs:/${runId}/model`, run_id: runId, run_link: 'http://x/run',
          description: 'third', tags: [{ key: 'k', value: 'v' }],
        });
        const mv = res.json.model_version;
        assert.equal(mv.version, '3');
        assert.equal(mv.status, 'READY');
        assert.equal(mv.current_stage, 'None');
        assert.equal(mv.run_link, 'http://x/run');
        assert.deepEqual(mv.tags, [{ key: 'k', value: 'v' }]);
        const uri = await server.get('model-versions/get-download-uri', { name: 'mv-create', version: '3' });
        const run = (await server.get('runs/get', { run_id: runId })).json.run;
        assert.deepEqual(uri.json, { artifact_uri: `${run.info.artifact_uri}/model` });
        assertError(await api.createVersion({ name: 'mv-missing', source: 's3://b/m' }), 404, 'RESOURCE_DOES_NOT_EXIST', 'Registered Model with name=mv-missing not found');
        assertError(await api.createVersion({ name: 'mv-create', source: 'runs:/nope/model' }), 404, 'RESOURCE_DOES_NOT_EXIST', 'Run with id=nope not found');
        assertError(await api.createVersion({ name: 'mv-create', source: '/etc/passwd' }), 400, 'INVALID_PARAMETER_VALUE', /local path/);
        assertError(await api.createVersion({ name: 'mv-create', source: 's3://b/../x' }), 400, 'INVALID_PARAMETER_VALUE', /relative path/);
        assertError(await api.createVersion({ name: 'mv-create' }), 400, 'INVALID_PARAMETER_VALUE', /'source'/);
      });

      it('keeps a version downloadable after its source run is deleted', async () => {
        const runId = await modelWithVersions('mv-keep', 1);
        const before = (await server.get('model-versions/get-download-uri', { name: 'mv-keep', version: '1' })).json.artifact_uri;
        assert.equal((await server.post('runs/delete', { run_id: runId })).status, 200);
        assert.equal((await server.get('model-versions/get-download-uri', { name: 'mv-keep', version: '1' })).json.artifact_uri, before);
        const resolved = await server.get('/api/strata/v1/models/resolve', { uri: 'models:/mv-keep/1' });
        assert.equal(resolved.json.storage_location, before);
      });

      it('gets, updates, tags and refuses unknown or malformed versions', async () => {
        await modelWithVersions('mv-get', 1);
        assertError(await server.get('model-versions/get', { name: 'mv-get', version: '9' }), 404, 'RESOURCE_DOES_NOT_EXIST',
          'Model Version (name=mv-get, version=9) not found');
        assertError(await server.get('model-versions/get', { name: 'mv-get', version: 'abc' }), 400, 'INVALID_PARAMETER_VALUE',
          "Parameter 'version' must be an integer, got 'abc'.");
        const updated = await api.send('PATCH', 'model-versions/update', { name: 'mv-get', version: '1', description: 'new' });
        assert.equal(updated.json.model_version.description, 'new');
        await server.post('model-versions/set-tag', { name: 'mv-get', version: '1', key: 'k', value: 'v' });
        assert.deepEqual((await server.get('model-versions/get', { name: 'mv-get', version: '1' })).json.model_version.tags, [{ key: 'k', value: 'v' }]);
        await api.send('DELETE', 'model-versions/delete-tag', { name: 'mv-get', version: '1', key: 'k' });
        assert.equal((await server.get('model-versions/get', { name: 'mv-get', version: '1' })).json.model_version.tags, undefined);
        assertError(await server.post('model-versions/set-tag', { name: 'mv-get', version: '7', key: 'k', value: 'v' }), 404, 'RESOURCE_DOES_NOT_EXIST');
      });

      it('transitions stages, archiving existing versions, and answers get-latest-versions', async () => {
        await modelWithVersions('mv-stage', 3);
        const move = (version: string, stage: string, archive = false) =>
          server.post('model-versions/transition-stage', { name: 'mv-stage', version, stage, archive_existing_versions: archive });
        assert.equal((await move('1', 'production')).json.model_version.current_stage, 'Production');
        assert.equal((await move('2', 'Staging')).status, 200);
        assert.equal((await move('3', 'Production', true)).status, 200);
        assert.equal((await server.get('model-versions/get', { name: 'mv-stage', version: '1' })).json.model_version.current_stage, 'Archived');
        assertError(await move('1', 'Bogus'), 400, 'INVALID_PARAMETER_VALUE', 'Invalid Model Version stage: Bogus. Value must be one of None, Staging, Production, Archived.');
        assertError(await move('1', 'Archived', true), 400, 'INVALID_PARAMETER_VALUE', /is not an Active stage/);
        const latest = await server.post('registered-models/get-latest-versions', { name: 'mv-stage' });
        assert.deepEqual(latest.json.model_versions.map((v: { version: string; current_stage: string }) => [v.current_stage, v.version]),
          [['Staging', '2'], ['Production', '3'], ['Archived', '1']]);
        const production = await server.get('registered-models/get-latest-versions', { name: 'mv-stage', stages: 'Production' });
        assert.deepEqual(production.json.model_versions.map((v: { version: string }) => v.version), ['3']);
        assertError(await server.post('registered-models/get-latest-versions', { name: 'nope' }), 404, 'RESOURCE_DOES_NOT_EXIST');
        const history = await server.get('/api/strata/v1/registered-models/alias-history', { name: 'mv-stage' });
        assert.deepEqual(history.json.events.map((e: { version: string; previous_stage: string; stage: string }) => `${e.version}:${e.previous_stage}->${e.stage}`),
          ['1:None->Production', '2:None->Staging', '1:Production->Archived', '3:None->Production']);
      });

      it('searches versions by name, run_id, tags with OR/NOT, MLflow default order', async () => {
        const runId = await modelWithVersions('mv-search', 2);
        await server.post('model-versions/set-tag', { name: 'mv-search', version: '1', key: 'good', value: 'yes' });
        const keys = (res: ApiResponse) => (res.json.model_versions ?? []).map((v: { name: string; version: string }) => `${v.name}/${v.version}`);
        assert.deepEqual(keys(await server.get('model-versions/search', { filter: "name = 'mv-search'" })), ['mv-search/2', 'mv-search/1']);
        assert.deepEqual(keys(await server.get('model-versions/search', { filter: `run_id = '${runId}' AND tags.good = 'yes'` })), ['mv-search/1']);
        assert.deepEqual(keys(await server.get('model-versions/search', { filter: "name = 'mv-search' AND (tags.good IS NULL OR version_number < 1)" })), ['mv-search/2']);
        const paged = await server.get('model-versions/search', { filter: "name = 'mv-search'", max_results: 1 });
        assert.deepEqual(keys(paged), ['mv-search/2']);
        assert.ok(paged.json.next_page_token);
      });

      it('deletes a version; one holding an alias only with force=true', async () => {
        await modelWithVersions('mv-del', 2);
        await server.post('registered-models/alias', { name: 'mv-del', alias: 'champion', version: '2' });
        assertError(await api.send('DELETE', 'model-versions/delete', { name: 'mv-del', version: '2' }), 400, 'INVALID_PARAMETER_VALUE',
          /holds the alias\(es\) champion.*force=true/);
        assert.equal((await server.get('model-versions/get', { name: 'mv-del', version: '2' })).status, 200, 'nothing changed');
        assert.equal((await api.send('DELETE', 'model-versions/delete', { name: 'mv-del', version: '2', force: true })).status, 200);
        assertError(await server.get('registered-models/alias', { name: 'mv-del', alias: 'champion' }), 400, 'INVALID_PARAMETER_VALUE',
          'Registered model alias champion not found.');
        assert.equal((await api.send('DELETE', 'model-versions/delete', { name: 'mv-del', version: '1' })).status, 200);
        assert.equal((await api.createVersion({ name: 'mv-del', source: 's3://b/m' })).json.model_version.version, '3', 'numbers are not reused');
      });
    });

    describe('aliases over HTTP', () => {
      it('sets, moves, gets and deletes; both responses list aliases', async () => {
        await modelWithVersions('al-basic', 2);
        assert.deepEqual((await server.post('registered-models/alias', { name: 'al-basic', alias: 'prod', version: '1' })).json, {});
        await server.post('registered-models/alias', { name: 'al-basic', alias: 'prod', version: '2' });
        const byAlias = await server.get('registered-models/alias', { name: 'al-basic', alias: 'prod' });
        assert.equal(byAlias.json.model_version.version, '2');
        assert.deepEqual(byAlias.json.model_version.aliases, ['prod']);
        const model = (await server.get('registered-models/get', { name: 'al-basic' })).json.registered_model;
        assert.deepEqual(model.aliases, [{ alias: 'prod', version: '2' }]);
        assert.equal((await api.send('DELETE', 'registered-models/alias', { name: 'al-basic', alias: 'prod' })).status, 200);
        assert.equal((await server.get('registered-models/get', { name: 'al-basic' })).json.registered_model.aliases, undefined);
      });

      it('refuses reserved and malformed aliases, unknown versions and archived versions, changing nothing', async () => {
        await modelWithVersions('al-bad', 2);
        const set = (alias: string, version = '1') => server.post('registered-models/alias', { name: 'al-bad', alias, version });
        assertError(await set('latest'), 400, 'INVALID_PARAMETER_VALUE', "'latest' alias name (case insensitive) is reserved.");
        assertError(await set('LATEST'), 400, 'INVALID_PARAMETER_VALUE', /reserved/);
        assertError(await set('v3'), 400, 'INVALID_PARAMETER_VALUE', "Version alias name 'v3' is reserved.");
        assertError(await set('has space'), 400, 'INVALID_PARAMETER_VALUE', /Invalid alias name: 'has space'/);
        assertError(await set('ok', '9'), 404, 'RESOURCE_DOES_NOT_EXIST', 'Model Version (name=al-bad, version=9) not found');
        await server.post('model-versions/transition-stage', { name: 'al-bad', version: '2', stage: 'Archived', archive_existing_versions: false });
        assertError(await set('ok', '2'), 400, 'INVALID_PARAMETER_VALUE', /archived and cannot take an alias/);
        assert.equal((await server.get('model-versions/get', { name: 'al-bad', version: '2' })).status, 200, 'archived stays readable');
        assert.equal((await server.get('model-versions/get-download-uri', { name: 'al-bad', version: '2' })).status, 200);
        assert.equal((await server.get('registered-models/get', { name: 'al-bad' })).json.registered_model.aliases, undefined);
        assertError(await server.get('registered-models/alias', { name: 'nope', alias: 'x' }), 404, 'RESOURCE_DOES_NOT_EXIST');
      });

      it('records history with actor and previous holder, and answers the alias at a time', async () => {
        await modelWithVersions('al-hist', 3);
        const alice = { authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` };
        const times: number[] = [];
        for (const version of ['1', '2', '3']) {
          await server.post('registered-models/alias', { name: 'al-hist', alias: 'prod', version }, alice);
          times.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await api.send('DELETE', 'registered-models/alias', { name: 'al-hist', alias: 'prod' });
        const timeline = (await server.get('/api/strata/v1/registered-models/alias-history', { name: 'al-hist', alias: 'prod' })).json.events;
        assert.deepEqual(timeline.map((e: { kind: string; version: string; previous_version?: string; actor: string }) =>
          [e.kind, e.version, e.previous_version ?? null, e.actor]), [
          ['alias_set', '1', null, 'alice'], ['alias_moved', '2', '1', 'alice'], ['alias_moved', '3', '2', 'alice'],
          ['alias_deleted', '3', '3', 'anonymous'],
        ]);
        const at = async (time: number | string) =>
          (await server.get('/api/strata/v1/registered-models/alias-history', { name: 'al-hist', alias: 'prod', at: time })).json;
        assert.equal((await at(timeline[0].time - 1)).version, undefined);
        assert.equal((await at(timeline[1].time)).version, '2');
        assert.equal((await at(new Date(timeline[2].time).toISOString())).version, '3');
        const afterDelete = await at(timeline[3].time);
        assert.equal(afterDelete.version, undefined);
        assert.equal(afterDelete.event.kind, 'alias_deleted');
        const bad = await server.get('/api/strata/v1/registered-models/alias-history', { name: 'al-hist', alias: 'prod', at: 'yesterday-ish' });
        assertError(bad, 400, 'INVALID_PARAMETER_VALUE', /'at'/);
      });
    });

    describe('model URIs and audit over HTTP', () => {
      it('resolves models:/name/N, @alias, /Stage and /latest', async () => {
        const runId = await modelWithVersions('uri-m', 3);
        await server.post('registered-models/alias', { name: 'uri-m', alias: 'champ', version: '2' });
        await server.post('model-versions/transition-stage', { name: 'uri-m', version: '1', stage: 'Production', archive_existing_versions: false });
        const resolve = (uri: string) => server.get('/api/strata/v1/models/resolve', { uri });
        const cases: Array<[string, string]> = [['models:/uri-m/3', '3'], ['models:/uri-m@champ', '2'], ['models:/uri-m/production', '1'], ['models:/uri-m/latest', '3']];
        for (const [uri, version] of cases) {
          const res = await resolve(uri);
          assert.equal(res.json.version, version, uri);
          assert.equal(res.json.run_id, runId);
          assert.equal(res.json.source, `runs:/${runId}/model`);
        }
        assertError(await resolve('models:/uri-m/Staging'), 404, 'RESOURCE_DOES_NOT_EXIST', "No versions of model with name 'uri-m' and stage 'Staging' found");
        assertError(await resolve('models:/uri-m@nope'), 400, 'INVALID_PARAMETER_VALUE', 'Registered model alias nope not found.');
        assertError(await resolve('models:/a/b/c'), 400, 'INVALID_PARAMETER_VALUE', /Not a proper models:\/ URI/);
        const fromModelsUri = await api.createVersion({ name: 'uri-m', source: 'models:/uri-m@champ' });
        const v2 = (await server.get('model-versions/get-download-uri', { name: 'uri-m', version: '2' })).json.artifact_uri;
        assert.equal((await server.get('model-versions/get-download-uri', { name: 'uri-m', version: fromModelsUri.json.model_version.version })).json.artifact_uri, v2);
      });

      it('serves the same routes under /ajax-api/2.0', async () => {
        await api.createModel('ajax-m');
        const res = await server.get('/ajax-api/2.0/mlflow/registered-models/get', { name: 'ajax-m' });
        assert.equal(res.json.registered_model.name, 'ajax-m');
      });

      it('writes one audit event per mutation; a refused mutation writes none', async () => {
        await modelWithVersions('aud-m', 1);
        await server.post('registered-models/alias', { name: 'aud-m', alias: 'a', version: '1' });
        await server.post('registered-models/alias', { name: 'aud-m', alias: 'latest', version: '1' });
        const events = (await server.get('/api/strata/v1/audit', { entity_id: 'aud-m' })).json.events;
        assert.deepEqual(events.map((e: { action: string }) => e.action), ['registered_model.set_alias', 'registered_model.create']);
        const versionEvents = (await server.get('/api/strata/v1/audit', { entity_id: 'aud-m/1' })).json.events;
        assert.deepEqual(versionEvents.map((e: { action: string }) => e.action), ['model_version.create']);
      });
    });

    describe('concurrent registry writes over HTTP', () => {
      it('gives 20 concurrent version creates 20 consecutive numbers, no duplicates, no gaps', async () => {
        const { runId } = await createExperimentAndRun(server);
        await api.createModel('busy');
        const responses = await Promise.all(
          Array.from({ length: 20 }, () => api.createVersion({ name: 'busy', source: `runs:/${runId}/model`, run_id: runId })),
        );
        for (const res of responses) assert.equal(res.status, 200, res.text);
        const versions = responses.map((res) => Number(res.json.model_version.version)).sort((a, b) => a - b);
        assert.deepEqual(versions, Array.from({ length: 20 }, (_, i) => i + 1));
        const listed = await server.get('model-versions/search', { filter: "name = 'busy'" });
        assert.equal(listed.json.model_versions.length, 20);
        const audit = await server.get('/api/strata/v1/audit', { action: 'model_version.create', max_results: 100 });
        assert.equal(audit.json.events.filter((e: { entity_id: string }) => e.entity_id.startsWith('busy/')).length, 20);
      });

      it('records concurrent alias moves as a consistent chain of previous holders', async () => {
        await api.createModel('racing');
        for (let i = 0; i < 5; i++) await api.createVersion({ name: 'racing', source: `s3://b/${i}` });
        const moves = await Promise.all(
          [1, 2, 3, 4, 5, 1, 2, 3].map((version) => server.post('registered-models/alias', { name: 'racing', alias: 'prod', version: String(version) })),
        );
        for (const res of moves) assert.equal(res.status, 200, res.text);
        const events = (await server.get('/api/strata/v1/registered-models/alias-history', { name: 'racing', alias: 'prod' })).json.events;
        // Each event's previous holder is the version the event before it set.
        events.forEach((event: { version: string; previous_version?: string }, i: number) => {
          assert.equal(event.previous_version, i === 0 ? undefined : events[i - 1].version);
        });
        const current = (await server.get('registered-models/alias', { name: 'racing', alias: 'prod' })).json.model_version.version;
        assert.equal(current, events[events.length - 1].version);
      });
    });
  });
}

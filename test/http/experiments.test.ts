/**
 * Experiments over HTTP, on SQLite and PostgreSQL: create, get, rename, delete and restore,
 * search with filter, order and paging, and tags. PostgreSQL is skipped (reason printed) when
 * none answers, and fails instead under STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('experiment HTTP tests');

for (const dialect of dialects) {
  describeOrSkip(`experiments over HTTP on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('has the Default experiment with id "0"', async () => {
      const res = await server.get('experiments/get', { experiment_id: '0' });
      assert.equal(res.status, 200);
      assert.equal(res.json.experiment.name, 'Default');
      assert.equal(res.json.experiment.artifact_location, 'mlflow-artifacts:/0');
      assert.equal(res.json.experiment.tags, undefined, 'empty tags are left out');
    });

    it('creates, reads by id and by name', async () => {
      const created = await server.post('experiments/create', {
        name: 'exp-create',
        tags: [{ key: 'team', value: 'vision' }],
      });
      assert.equal(created.status, 200);
      const id = created.json.experiment_id;
      assert.equal(typeof id, 'string');
      const byId = await server.get('experiments/get', { experiment_id: id });
      assert.deepEqual(byId.json.experiment.tags, [{ key: 'team', value: 'vision' }]);
      assert.equal(byId.json.experiment.lifecycle_stage, 'active');
      assert.equal(byId.json.experiment.artifact_location, `mlflow-artifacts:/${id}`);
      assert.equal(typeof byId.json.experiment.creation_time, 'number');
      const byName = await server.get('experiments/get-by-name', { experiment_name: 'exp-create' });
      assert.deepEqual(byName.json, byId.json);
    });

    it('keeps an explicit artifact location', async () => {
      const created = await server.post('experiments/create', { name: 'exp-loc', artifact_location: 's3://bucket/x' });
      const res = await server.get('experiments/get', { experiment_id: created.json.experiment_id });
      assert.equal(res.json.experiment.artifact_location, 's3://bucket/x');
    });

    it('refuses a duplicate name with RESOURCE_ALREADY_EXISTS (400)', async () => {
      await server.post('experiments/create', { name: 'exp-dup' });
      const res = await server.post('experiments/create', { name: 'exp-dup' });
      assert.equal(res.status, 400);
      assert.equal(res.json.error_code, 'RESOURCE_ALREADY_EXISTS');
      assert.match(res.json.message, /Experiment\(name=exp-dup\) already exists/);
    });

    it('refuses a missing or empty name', async () => {
      for (const body of [{}, { name: '' }]) {
        const res = await server.post('experiments/create', body);
        assert.equal(res.status, 400);
        assert.deepEqual(res.json, {
          error_code: 'INVALID_PARAMETER_VALUE',
          message:
            "Missing value for required parameter 'name'. See the API docs for more information about request parameters.",
        });
      }
    });

    it('answers unknown ids and names with RESOURCE_DOES_NOT_EXIST (404)', async () => {
      const byId = await server.get('experiments/get', { experiment_id: '987654' });
      assert.equal(byId.status, 404);
      assert.deepEqual(byId.json, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'No Experiment with id=987654 exists' });
      const byName = await server.get('experiments/get-by-name', { experiment_name: 'nope' });
      assert.equal(byName.status, 404);
      assert.equal(byName.json.message, "Could not find experiment with name 'nope'");
    });

    it('renames, and refuses renaming onto a taken name', async () => {
      const a = (await server.post('experiments/create', { name: 'exp-old' })).json.experiment_id;
      await server.post('experiments/create', { name: 'exp-taken' });
      const ok = await server.post('experiments/update', { experiment_id: a, new_name: 'exp-new' });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, {});
      assert.equal((await server.get('experiments/get', { experiment_id: a })).json.experiment.name, 'exp-new');
      const taken = await server.post('experiments/update', { experiment_id: a, new_name: 'exp-taken' });
      assert.equal(taken.json.error_code, 'RESOURCE_ALREADY_EXISTS');
      const missing = await server.post('experiments/update', { experiment_id: a });
      assert.equal(missing.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(missing.json.message, /'new_name'/);
    });

    it('deletes and restores, with view types in search', async () => {
      const id = (await server.post('experiments/create', { name: 'exp-del' })).json.experiment_id;
      assert.equal((await server.post('experiments/delete', { experiment_id: id })).status, 200);
      const again = await server.post('experiments/delete', { experiment_id: id });
      assert.equal(again.status, 404);
      const got = await server.get('experiments/get', { experiment_id: id });
      assert.equal(got.json.experiment.lifecycle_stage, 'deleted');

      const names = async (viewType?: string) => {
        const body = viewType ? { view_type: viewType, max_results: 1000 } : { max_results: 1000 };
        const res = await server.post('experiments/search', body);
        return (res.json.experiments ?? []).map((e: { name: string }) => e.name) as string[];
      };
      assert.ok(!(await names()).includes('exp-del'));
      assert.ok((await names('DELETED_ONLY')).includes('exp-del'));
      assert.ok(!(await names('DELETED_ONLY')).includes('Default'));
      assert.ok((await names('ALL')).includes('exp-del'));

      const renameDeleted = await server.post('experiments/update', { experiment_id: id, new_name: 'x' });
      assert.equal(renameDeleted.json.error_code, 'INVALID_STATE');

      assert.equal((await server.post('experiments/restore', { experiment_id: id })).status, 200);
      assert.ok((await names()).includes('exp-del'));
      const restoreActive = await server.post('experiments/restore', { experiment_id: id });
      assert.equal(restoreActive.status, 404);
    });

    it('searches with filter, order and paging, by POST and GET', async () => {
      for (const n of ['srch-b', 'srch-a', 'srch-c']) await server.post('experiments/create', { name: n });
      const first = await server.post('experiments/search', {
        filter: "name LIKE 'srch-%'",
        order_by: ['name ASC'],
        max_results: 2,
      });
      assert.equal(first.status, 200);
      assert.deepEqual(
        first.json.experiments.map((e: { name: string }) => e.name),
        ['srch-a', 'srch-b'],
      );
      assert.equal(typeof first.json.next_page_token, 'string');
      const second = await server.get('experiments/search', {
        filter: "name LIKE 'srch-%'",
        order_by: 'name ASC',
        max_results: '2',
        page_token: first.json.next_page_token,
      });
      assert.equal(second.status, 200);
      assert.deepEqual(
        second.json.experiments.map((e: { name: string }) => e.name),
        ['srch-c'],
      );
      assert.equal(second.json.next_page_token, undefined);
      const none = await server.post('experiments/search', { filter: "name = 'no-such'" });
      assert.deepEqual(none.json, {});
    });

    it('refuses bad search arguments', async () => {
      const big = await server.post('experiments/search', { max_results: 50001 });
      assert.equal(big.status, 400);
      assert.match(big.json.message, /It must be at most 50000/);
      const bad = await server.post('experiments/search', { filter: 'name ~ 1' });
      assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
    });

    it('sets and deletes experiment tags', async () => {
      const id = (await server.post('experiments/create', { name: 'exp-tags' })).json.experiment_id;
      assert.equal((await server.post('experiments/set-experiment-tag', { experiment_id: id, key: 'k', value: 'v' })).status, 200);
      assert.deepEqual((await server.get('experiments/get', { experiment_id: id })).json.experiment.tags, [
        { key: 'k', value: 'v' },
      ]);
      assert.equal((await server.post('experiments/delete-experiment-tag', { experiment_id: id, key: 'k' })).status, 200);
      assert.equal((await server.get('experiments/get', { experiment_id: id })).json.experiment.tags, undefined);
      const gone = await server.post('experiments/delete-experiment-tag', { experiment_id: id, key: 'k' });
      assert.equal(gone.status, 404);
      const badKey = await server.post('experiments/set-experiment-tag', { experiment_id: id, key: '../x', value: 'v' });
      assert.equal(badKey.json.error_code, 'INVALID_PARAMETER_VALUE');
      const tooLong = await server.post('experiments/set-experiment-tag', { experiment_id: id, key: 'k', value: 'x'.repeat(5001) });
      assert.match(tooLong.json.message, /exceeded length limit of 5000/);
    });
  });
}

/**
 * What MLflow 2.17.2's own client (`mlflow.server.get_app_client("basic-auth", …)` and
 * MlflowClient with MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN) sent where Strata
 * answered otherwise than MLflow's basic-auth server, replayed request by request: the same
 * methods, paths and bodies, and what MLflow answers (or, where Strata cannot, a clear refusal).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('MLflow auth client tests');
const ADMIN_PASSWORD = 'admin-password-1';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

for (const dialect of dialects) {
  describeOrSkip(`MLflow's auth client on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    const admin = basic('admin', ADMIN_PASSWORD);
    before(async () => {
      // The default role stays MLflow's READ (viewer), as `strata server` starts.
      server = await startTestServer(
        { backendStoreUri: dialect.uri(), firstAdmin: { username: 'admin', password: ADMIN_PASSWORD } },
        { identity: { attemptLimits: { maxFailures: 1000, windowMs: 60_000 } } },
      );
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    /** As MLflow's http_request sends them: GET parameters in the query, other methods a JSON body. */
    const call = async (method: string, path: string, authorization: string, body: Record<string, unknown> = {}): Promise<ApiResponse> => {
      const inQuery = method === 'GET';
      const query = inQuery ? `?${new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
      const headers: Record<string, string> = { authorization };
      if (!inQuery) headers['content-type'] = 'application/json';
      return toApiResponse(await fetch(`${server.url}/api/2.0/mlflow/${path}${query}`, { method, headers, body: inQuery ? undefined : JSON.stringify(body) }));
    };
    const createUser = async (username: string, password: string) => {
      const created = await call('POST', 'users/create', admin, { username, password });
      assert.equal(created.status, 200, created.text);
      return basic(username, password);
    };
    /** MlflowClient().search_experiments(): the call the check made right after each change. */
    const searchStatus = async (authorization: string) => (await call('GET', 'experiments/search', authorization, { max_results: 1000 })).status;

    it('refuses a deleted user on its very next request, as MLflow does (not a second later)', async () => {
      const carol = await createUser('carol', 'carol-password-1');
      assert.equal(await searchStatus(carol), 200);
      assert.deepEqual((await call('DELETE', 'users/delete', admin, { username: 'carol' })).json, {});
      assert.equal(await searchStatus(carol), 401);
    });

    it('applies update_user_password and update_user_admin from the next request on', async () => {
      const dave = await createUser('dave', 'dave-password-1');
      assert.equal(await searchStatus(dave), 200);
      assert.deepEqual((await call('PATCH', 'users/update-password', admin, { username: 'dave', password: 'dave-password-2' })).json, {});
      assert.equal(await searchStatus(dave), 401);
      const daveNow = basic('dave', 'dave-password-2');
      assert.equal(await searchStatus(daveNow), 200);
      await createUser('erin', 'erin-password-1');
      assert.equal((await call('GET', 'users/get', daveNow, { username: 'erin' })).status, 403);
      assert.deepEqual((await call('PATCH', 'users/update-admin', admin, { username: 'dave', is_admin: true })).json, {});
      assert.equal((await call('GET', 'users/get', daveNow, { username: 'erin' })).status, 200);
    });

    it('refuses a revoked MLFLOW_TRACKING_TOKEN on its next request', async () => {
      const frank = await createUser('frank', 'frank-password-1');
      const created = await toApiResponse(await fetch(`${server.url}/api/strata/v1/auth/tokens/create`, {
        method: 'POST', headers: { authorization: frank, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ci', scope: 'write' }),
      }));
      const bearer = `Bearer ${created.json.token as string}`;
      assert.equal(await searchStatus(bearer), 200);
      const revoked = await fetch(`${server.url}/api/strata/v1/auth/tokens/revoke`, {
        method: 'POST', headers: { authorization: frank, 'content-type': 'application/json' }, body: JSON.stringify({ token_id: (created.json.token_info as { token_id: string }).token_id }),
      });
      assert.equal(revoked.status, 200);
      assert.equal(await searchStatus(bearer), 401);
    });

    it('gives a user re-created under a deleted one\'s name none of its permissions (MLflow keys them by user id)', async () => {
      await createUser('hank', 'hank-password-1');
      const experimentId = (await call('POST', 'experiments/create', admin, { name: 'hank-target' })).json.experiment_id as string;
      await call('POST', 'experiments/permissions/create', admin, { experiment_id: experimentId, username: 'hank', permission: 'MANAGE' });
      await call('DELETE', 'users/delete', admin, { username: 'hank' });
      const hank = await createUser('hank', 'hank-password-2');
      const user = (await call('GET', 'users/get', admin, { username: 'hank' })).json.user as Record<string, unknown>;
      assert.deepEqual([user.experiment_permissions, user.registered_model_permissions], [[], []]);
      assert.equal((await call('GET', 'experiments/permissions/get', admin, { experiment_id: experimentId, username: 'hank' })).status, 404);
      assert.equal((await call('POST', 'experiments/delete', hank, { experiment_id: experimentId })).status, 403);
    });

    it('answers create_experiment_permission for an unknown user with RESOURCE_DOES_NOT_EXIST, as MLflow', async () => {
      const experimentId = (await call('POST', 'experiments/create', admin, { name: 'perm-target' })).json.experiment_id as string;
      const missing = await call('POST', 'experiments/permissions/create', admin, { experiment_id: experimentId, username: 'nobody', permission: 'READ' });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'User with username=nobody not found' });
      const onModel = await call('POST', 'registered-models/permissions/create', admin, { name: 'no-model-yet', username: 'nobody', permission: 'READ' });
      assert.equal(onModel.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    });

    it('refuses NO_PERMISSIONS under a default role instead of answering a denial it cannot enforce', async () => {
      await createUser('gina', 'gina-password-1');
      const experimentId = (await call('POST', 'experiments/create', admin, { name: 'no-perm-target' })).json.experiment_id as string;
      const body = { experiment_id: experimentId, username: 'gina', permission: 'NO_PERMISSIONS' };
      const created = await call('POST', 'experiments/permissions/create', admin, body);
      assert.equal(created.status, 400, created.text);
      assert.equal(created.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(created.json.message as string, /server's default role \(viewer\).*--default-permission none/);
      assert.equal((await call('GET', 'experiments/permissions/get', admin, { experiment_id: experimentId, username: 'gina' })).status, 404);
      // An EDIT grant stays as it was when the update is refused.
      await call('POST', 'experiments/permissions/create', admin, { ...body, permission: 'EDIT' });
      const updated = await call('PATCH', 'experiments/permissions/update', admin, body);
      assert.equal(updated.json.error_code, 'INVALID_PARAMETER_VALUE');
      const kept = await call('GET', 'experiments/permissions/get', admin, { experiment_id: experimentId, username: 'gina' });
      assert.equal((kept.json.experiment_permission as { permission: string }).permission, 'EDIT');
    });
  });
}

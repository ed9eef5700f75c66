/**
 * The SDK's credentials and `client.auth`: createClient in Node reads STRATA_TOKEN,
 * MLFLOW_TRACKING_TOKEN and MLFLOW_TRACKING_USERNAME/PASSWORD as MLflow's client does (explicit
 * options win); tokens, users and groups through the auth namespace; sign-in/sign-out.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient, isStrataApiError, resolveTrackingConfig } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

let server: TestServer;
let adminEnv: Record<string, string>;
before(async () => {
  server = await startTestServer({ firstAdmin: { username: 'admin', password: 'admin-password' } });
  adminEnv = { STRATA_TRACKING_URI: server.url, MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: 'admin-password' };
});
after(() => server?.close());

it('signs in with MLFLOW_TRACKING_USERNAME/PASSWORD from the environment', async () => {
  const client = createClient({}, adminEnv);
  const me = await client.auth.whoami();
  assert.deepEqual([me.authenticated_by, me.user?.username], ['password', 'admin']);
});

it('sends STRATA_TOKEN or MLFLOW_TRACKING_TOKEN as a Bearer token, STRATA_TOKEN first', async () => {
  const admin = createClient({}, adminEnv);
  await admin.auth.users.create({ username: 'tom', password: 'toms-password' });
  const tom = createClient({ username: 'tom', password: 'toms-password' }, { STRATA_TRACKING_URI: server.url });
  const { token } = await tom.auth.tokens.create({ name: 'laptop', scope: 'read' });
  const { token: other } = await admin.auth.tokens.create({ name: 'admin-ci' });
  const byStrata = await createClient({}, { STRATA_TRACKING_URI: server.url, STRATA_TOKEN: token, MLFLOW_TRACKING_TOKEN: other }).auth.whoami();
  assert.deepEqual([byStrata.authenticated_by, byStrata.user?.username, byStrata.scope], ['token', 'tom', 'read']);
  const byMlflow = await createClient({}, { MLFLOW_TRACKING_URI: server.url, MLFLOW_TRACKING_TOKEN: other }).auth.whoami();
  assert.equal(byMlflow.user?.username, 'admin');
  // Options win over the environment.
  const explicit = await createClient({ token }, { STRATA_TRACKING_URI: server.url, MLFLOW_TRACKING_TOKEN: other }).auth.whoami();
  assert.equal(explicit.user?.username, 'tom');
  assert.equal(resolveTrackingConfig({ MLFLOW_TRACKING_TOKEN: ' t ' }).token, 't');
});

it('answers a missing or wrong credential with a 401 StrataApiError', async () => {
  const anonymous = createClient({}, { STRATA_TRACKING_URI: server.url });
  await assert.rejects(anonymous.experiments.search({}), (error: unknown) => isStrataApiError(error) && error.status === 401 && error.errorCode === 'UNAUTHENTICATED');
  const wrong = createClient({ token: 'strata_not-a-real-token' }, { STRATA_TRACKING_URI: server.url });
  await assert.rejects(wrong.auth.whoami(), (error: unknown) => isStrataApiError(error) && error.status === 401);
});

it('manages users, groups and tokens through client.auth', async () => {
  const admin = createClient({}, adminEnv);
  await admin.auth.users.create({ username: 'uma', password: 'umas-password' });
  assert.equal((await admin.auth.users.get('uma')).is_admin, false);
  await admin.auth.users.setAdmin('uma', true);
  assert.equal((await admin.auth.users.get('uma')).is_admin, true);
  assert.ok((await admin.auth.users.list()).some((u) => u.username === 'uma'));
  await admin.auth.groups.create('reviewers');
  await admin.auth.groups.addMember('reviewers', 'uma');
  assert.deepEqual((await admin.auth.groups.list()).find((g) => g.name === 'reviewers')?.members, ['uma']);
  const { token_info: info } = await admin.auth.tokens.create({ name: 'temp' });
  assert.ok((await admin.auth.tokens.list()).some((t) => t.token_id === info.token_id));
  await admin.auth.tokens.revoke(info.token_id);
  assert.ok((await admin.auth.tokens.list({ all: true })).find((t) => t.token_id === info.token_id)?.revoked_time);
  await admin.auth.users.delete('uma');
  await assert.rejects(admin.auth.users.get('uma'), (error: unknown) => isStrataApiError(error) && error.status === 404);
});

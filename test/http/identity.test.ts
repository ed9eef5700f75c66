/**
 * Authentication over HTTP on SQLite and PostgreSQL: the first admin from STRATA_ADMIN_PASSWORD
 * turns auth on; Basic with a password or a token, Bearer, the session cookie; wrong password
 * and unknown user answer the same 401; expired and revoked tokens stop working (revoked within
 * 1 s); MLflow's users API with MLflow's shapes and admin/self rules; no token in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('identity tests');
const ADMIN_PASSWORD = 'correct horse battery';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const dialect of dialects) {
  describeOrSkip(`authentication on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    const admin = basic('admin', ADMIN_PASSWORD);
    before(async () => {
      server = await startTestServer(
        { backendStoreUri: dialect.uri(), firstAdmin: { username: 'admin', password: ADMIN_PASSWORD } },
        { identity: { attemptLimits: { maxFailures: 1000, windowMs: 60_000 } } },
      );
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const call = async (method: string, path: string, authorization?: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> => {
      const url = path.startsWith('/') ? `${server.url}${path}` : `${server.url}/api/2.0/mlflow/${path}`;
      const all: Record<string, string> = { ...headers };
      if (authorization !== undefined) all.authorization = authorization;
      if (body !== undefined) all['content-type'] ??= 'application/json';
      return toApiResponse(await fetch(url, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) }));
    };
    const createUser = async (username: string, password = 'password-of-' + username) => {
      const created = await call('POST', 'users/create', admin, { username, password });
      assert.equal(created.status, 200, created.text);
      return basic(username, password);
    };
    const createToken = async (authorization: string, body: object) => {
      const created = await call('POST', '/api/strata/v1/auth/tokens/create', authorization, body);
      assert.equal(created.status, 200, created.text);
      return created.json as { token: string; token_info: { token_id: string; expires_time?: number } };
    };

    it('asks for credentials once a user exists, but serves /health, /version and public routes to anyone', async () => {
      const refused = await call('POST', 'experiments/create', undefined, { name: 'nobody' });
      assert.equal(refused.status, 401);
      assert.equal(refused.json.error_code, 'UNAUTHENTICATED');
      assert.match(refused.headers.get('www-authenticate') ?? '', /^Basic realm="strata"/);
      assert.equal((await call('GET', '/health')).status, 200);
      assert.equal((await call('GET', '/version')).status, 200);
      assert.deepEqual((await call('GET', '/api/strata/v1/auth/whoami')).json, { authenticated_by: 'anonymous' });
      // A page's own fetch gets no Basic challenge: the browser would show its dialog over the sign-in page.
      const fromPage = await call('POST', 'experiments/create', undefined, { name: 'nobody' }, { 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin' });
      assert.equal(fromPage.status, 401);
      assert.equal(fromPage.headers.get('www-authenticate'), null);
      // Artifact downloads live outside /api but in the route table: closed too.
      assert.equal((await call('GET', '/get-artifact?run_id=abc&path=x')).status, 401);
      assert.equal((await call('GET', '/api/2.0/mlflow/no-such-endpoint')).status, 401);
      // The dashboard's page must load to show its sign-in form.
      assert.notEqual((await call('GET', '/')).status, 401);
    });

    it('accepts HTTP Basic with the password and records the verified user', async () => {
      const created = await call('POST', 'experiments/create', admin, { name: 'by-admin' });
      assert.equal(created.status, 200, created.text);
      const whoami = await call('GET', '/api/strata/v1/auth/whoami', admin);
      assert.equal(whoami.json.authenticated_by, 'password');
      assert.equal(whoami.json.user.username, 'admin');
      assert.equal(whoami.json.user.is_admin, true);
      const audit = await call('GET', `/api/strata/v1/audit?entity_id=${created.json.experiment_id}&entity_type=experiment`, admin);
      assert.equal(audit.json.events[0].actor, 'admin');
    });

    it('answers a wrong password and an unknown user with the same 401', async () => {
      await createUser('wanda');
      const wrong = await call('POST', 'experiments/create', basic('wanda', 'not-her-password'), { name: 'x' });
      const unknown = await call('POST', 'experiments/create', basic('nobody-at-all', 'not-her-password'), { name: 'x' });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.text, unknown.text);
      assert.equal(wrong.headers.get('www-authenticate'), unknown.headers.get('www-authenticate'));
      assert.match(wrong.headers.get('www-authenticate') ?? '', /^Basic realm="strata"/);
    });

    it('accepts a token as Bearer and as the Basic password, capped by its scope', async () => {
      const tess = await createUser('tess');
      const { token } = await createToken(tess, { name: 'ci', scope: 'read' });
      assert.match(token, /^strata_[A-Za-z0-9_-]{43,}$/);
      const bearer = await call('GET', '/api/strata/v1/auth/whoami', `Bearer ${token}`);
      assert.deepEqual([bearer.json.authenticated_by, bearer.json.scope, bearer.json.user.username], ['token', 'read', 'tess']);
      const asPassword = await call('GET', '/api/strata/v1/auth/whoami', basic('tess', token));
      assert.equal(asPassword.json.authenticated_by, 'token');
      // A read token cannot mint a write token.
      const wider = await call('POST', '/api/strata/v1/auth/tokens/create', `Bearer ${token}`, { name: 'wider', scope: 'write' });
      assert.equal(wider.status, 403);
      const listed = await call('GET', '/api/strata/v1/auth/tokens', tess);
      assert.deepEqual(listed.json.tokens.map((t: { name: string }) => t.name), ['ci']);
      assert.equal(JSON.stringify(listed.json).includes(token), false);
    });

    it('refuses an expired token', async () => {
      const ed = await createUser('ed');
      // Two seconds ahead: under load, creating the token can take longer than a shorter expiry.
      const { token, token_info } = await createToken(ed, { name: 'short', expires_time: Date.now() + 2_000 });
      assert.equal((await call('GET', '/api/strata/v1/auth/whoami', `Bearer ${token}`)).status, 200);
      await sleep(Math.max(0, Number(token_info.expires_time) + 100 - Date.now()));
      const expired = await call('GET', '/api/strata/v1/auth/whoami', `Bearer ${token}`);
      assert.equal(expired.status, 401);
    });

    it('stops a revoked token within a second', async () => {
      const rita = await createUser('rita');
      const { token, token_info } = await createToken(rita, { name: 'to-revoke' });
      assert.equal((await call('GET', '/api/strata/v1/auth/whoami', `Bearer ${token}`)).status, 200);
      const revoked = await call('POST', '/api/strata/v1/auth/tokens/revoke', rita, { token_id: token_info.token_id });
      assert.equal(revoked.status, 200, revoked.text);
      await sleep(1_050);
      assert.equal((await call('GET', '/api/strata/v1/auth/whoami', `Bearer ${token}`)).status, 401);
    });

    // PostgreSQL only: the in-memory SQLite database belongs to one process.
    const onPostgres = dialect.name === 'SQLite' ? () => undefined : it;
    onPostgres('stops a revoked token within a second on a second replica sharing the database', async () => {
      const replica = await startTestServer({ backendStoreUri: dialect.uri() });
      try {
        const ray = await createUser('ray');
        const { token, token_info } = await createToken(ray, { name: 'two-replicas' });
        const onReplica = () => fetch(`${replica.url}/api/strata/v1/auth/whoami`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal((await onReplica()).status, 200);
        assert.equal((await call('POST', '/api/strata/v1/auth/tokens/revoke', ray, { token_id: token_info.token_id })).status, 200);
        await sleep(1_050);
        assert.equal((await onReplica()).status, 401);
      } finally {
        await replica.close();
      }
    });

    it('stops a deleted user within a second, password and tokens alike', async () => {
      const dan = await createUser('dan');
      const { token } = await createToken(dan, { name: 'dans' });
      assert.equal((await call('GET', '/api/strata/v1/auth/whoami', dan)).status, 200);
      assert.equal((await call('DELETE', 'users/delete', admin, { username: 'dan' })).status, 200);
      await sleep(1_050);
      assert.equal((await call('GET', '/api/strata/v1/auth/whoami', dan)).status, 401);
      assert.equal((await call('GET', '/api/strata/v1/auth/whoami', `Bearer ${token}`)).status, 401);
    });

    it('signs in with a session cookie (HttpOnly, SameSite=Strict, Path=/) and signs out', async () => {
      await createUser('sam', 'sams-password');
      const signIn = await call('POST', '/api/strata/v1/auth/sign-in', undefined, { username: 'sam', password: 'sams-password' });
      assert.equal(signIn.status, 200, signIn.text);
      const cookie = signIn.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^strata_session=[A-Za-z0-9_%-]{43,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+$/);
      assert.doesNotMatch(cookie, /Secure/);
      const session = cookie.split(';')[0] ?? '';
      const whoami = await call('GET', '/api/strata/v1/auth/whoami', undefined, undefined, { cookie: session });
      assert.deepEqual([whoami.json.authenticated_by, whoami.json.user.username], ['session', 'sam']);
      const json = await call('POST', 'experiments/create', undefined, { name: 'by-cookie' }, { cookie: session });
      assert.equal(json.status, 200, json.text);
      // A cross-site form could send text/plain: cookie writes must be JSON or carry X-Strata-Request.
      const form = await call('POST', 'experiments/create', undefined, { name: 'by-form' }, { cookie: session, 'content-type': 'text/plain' });
      assert.equal(form.status, 403);
      const wrong = await call('POST', '/api/strata/v1/auth/sign-in', undefined, { username: 'sam', password: 'nope-nope' });
      assert.equal(wrong.status, 401);
      const signOut = await call('POST', '/api/strata/v1/auth/sign-out', undefined, {}, { cookie: session });
      assert.equal(signOut.status, 200);
      assert.match(signOut.headers.get('set-cookie') ?? '', /^strata_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/);
      assert.equal((await call('GET', 'experiments/search?max_results=1', undefined, undefined, { cookie: session })).status, 401);
    });

    it('speaks MLflow\'s users API with its shapes; admins manage everyone, users only read and update themselves', async () => {
      const created = await call('POST', 'users/create', admin, { username: 'mia', password: 'mias-password' });
      assert.deepEqual(Object.keys(created.json.user).sort(), ['experiment_permissions', 'id', 'is_admin', 'registered_model_permissions', 'username']);
      assert.deepEqual({ ...created.json.user, id: 'x' }, { id: 'x', username: 'mia', is_admin: false, experiment_permissions: [], registered_model_permissions: [] });
      const duplicate = await call('POST', 'users/create', admin, { username: 'mia', password: 'mias-password' });
      assert.deepEqual([duplicate.status, duplicate.json.error_code], [400, 'RESOURCE_ALREADY_EXISTS']);
      const mia = basic('mia', 'mias-password');
      assert.deepEqual((await call('GET', 'users/get?username=mia', mia)).json.user.username, 'mia');
      assert.equal((await call('GET', 'users/get?username=admin', mia)).status, 403);
      assert.equal((await call('POST', 'users/create', mia, { username: 'eve', password: 'eves-password' })).status, 403);
      assert.equal((await call('PATCH', 'users/update-admin', mia, { username: 'mia', is_admin: true })).status, 403);
      const changed = await call('PATCH', 'users/update-password', mia, { username: 'mia', password: 'mias-new-password' });
      assert.deepEqual([changed.status, changed.json], [200, {}]);
      assert.equal((await call('GET', 'users/get?username=mia', basic('mia', 'mias-new-password'))).status, 200);
      await sleep(1_050);
      assert.equal((await call('GET', 'users/get?username=mia', mia)).status, 401);
      // MLflow's older client sends is_admin as text.
      assert.deepEqual((await call('PATCH', 'users/update-admin', admin, { username: 'mia', is_admin: 'true' })).json, {});
      assert.equal((await call('GET', 'users/get?username=mia', admin)).json.user.is_admin, true);
      assert.equal((await call('GET', 'users/get?username=ghost', admin)).json.error_code, 'RESOURCE_DOES_NOT_EXIST');
      assert.deepEqual((await call('DELETE', 'users/delete', admin, { username: 'mia' })).json, {});
      const short = await call('POST', 'users/create', admin, { username: 'tiny', password: 'short' });
      assert.deepEqual([short.status, short.json.error_code], [400, 'INVALID_PARAMETER_VALUE']);
    });

    it('answers MLflow\'s permissions API with the user\'s id, and users/get lists the user\'s grants (as MLflow\'s AuthServiceClient reads them)', async () => {
      await createUser('perm-user');
      const userId = ((await call('GET', 'users/get?username=perm-user', admin)).json.user as { id: string }).id;
      const experimentId = (await call('POST', 'experiments/create', admin, { name: 'perm-exp' })).json.experiment_id as string;
      assert.equal((await call('POST', 'registered-models/create', admin, { name: 'perm-model' })).status, 200);
      const granted = await call('POST', 'experiments/permissions/create', admin, { experiment_id: experimentId, username: 'perm-user', permission: 'READ' });
      assert.deepEqual(granted.json, { experiment_permission: { experiment_id: experimentId, user_id: userId, permission: 'READ' } });
      const onModel = await call('POST', 'registered-models/permissions/create', admin, { name: 'perm-model', username: 'perm-user', permission: 'EDIT' });
      assert.deepEqual(onModel.json, { registered_model_permission: { name: 'perm-model', user_id: userId, permission: 'EDIT' } });
      const fetched = await call('GET', `experiments/permissions/get?experiment_id=${experimentId}&username=perm-user`, admin);
      assert.equal((fetched.json.experiment_permission as { user_id: string }).user_id, userId);
      const user = (await call('GET', 'users/get?username=perm-user', admin)).json.user as Record<string, unknown>;
      assert.deepEqual(user.experiment_permissions, [{ experiment_id: experimentId, user_id: userId, permission: 'READ' }]);
      assert.deepEqual(user.registered_model_permissions, [{ name: 'perm-model', user_id: userId, permission: 'EDIT' }]);
    });

    it('keeps groups and service accounts; an admin mints a token for a service account', async () => {
      assert.equal((await call('POST', 'users/create', admin, { username: 'ci-bot', service_account: true })).status, 200);
      assert.equal((await call('POST', '/api/strata/v1/auth/groups/create', admin, { name: 'ml-team' })).status, 200);
      assert.equal((await call('POST', '/api/strata/v1/auth/groups/members/add', admin, { name: 'ml-team', username: 'ci-bot' })).status, 200);
      const groups = await call('GET', '/api/strata/v1/auth/groups', admin);
      assert.deepEqual(groups.json.groups.map((g: { name: string; members: string[] }) => [g.name, g.members]), [['ml-team', ['ci-bot']]]);
      const { token } = await createToken(admin, { name: 'ci', scope: 'write', username: 'ci-bot' });
      const whoami = await call('GET', '/api/strata/v1/auth/whoami', `Bearer ${token}`);
      assert.deepEqual([whoami.json.user.username, whoami.json.user.service_account, whoami.json.user.groups], ['ci-bot', true, ['ml-team']]);
      // A service account has no password to sign in with.
      assert.equal((await call('GET', '/api/strata/v1/auth/whoami', basic('ci-bot', ''))).status, 401);
    });

    it('never writes a token or a password into the audit log', async () => {
      const { token } = await createToken(admin, { name: 'audited' });
      const audit = await call('GET', '/api/strata/v1/audit?max_results=1000', admin);
      assert.ok(audit.json.events.some((e: { action: string }) => e.action === 'token.create'));
      assert.ok(audit.json.events.some((e: { action: string }) => e.action === 'user.create'));
      assert.equal(audit.text.includes(token), false);
      assert.equal(audit.text.includes(token.slice('strata_'.length)), false);
      assert.equal(audit.text.includes(ADMIN_PASSWORD), false);
      assert.equal(audit.text.includes('mias-password'), false);
      assert.equal(audit.text.includes('argon2'), false);
    });
  });
}

/**
 * When auth is on: open on loopback without users (as before), refused beyond loopback without
 * users unless --insecure-no-auth, on once a user exists; and the brute-force brake (429 with
 * Retry-After per user name and per client address).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startTestServer } from '../helpers/start-test-server.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

it('runs open on loopback with no users, as before governance', async () => {
  const server = await startTestServer();
  try {
    const created = await server.post('experiments/create', { name: 'open' });
    assert.equal(created.status, 200);
    assert.deepEqual((await server.get('/api/strata/v1/auth/whoami')).json, { authenticated_by: 'open' });
  } finally {
    await server.close();
  }
});

it('refuses to listen on 0.0.0.0 with no users, naming the ways out', async () => {
  await assert.rejects(startTestServer({ host: '0.0.0.0' }), (error: Error) => {
    assert.match(error.message, /Refusing to listen on 0\.0\.0\.0 with no users/);
    assert.match(error.message, /STRATA_ADMIN_PASSWORD/);
    assert.match(error.message, /--insecure-no-auth/);
    return true;
  });
});

it('listens on 0.0.0.0 without users when told --insecure-no-auth', async () => {
  const server = await startTestServer({ host: '0.0.0.0', insecureNoAuth: true });
  try {
    const port = new URL(server.url).port;
    const response = await fetch(`http://127.0.0.1:${port}/api/strata/v1/auth/whoami`);
    assert.deepEqual(await response.json(), { authenticated_by: 'open' });
  } finally {
    await server.close();
  }
});

it('listens on 0.0.0.0 with auth on once STRATA_ADMIN_PASSWORD created the first admin (user `admin` or STRATA_ADMIN_USERNAME)', async () => {
  const { resolveServerConfig } = await import('../../src/server/config.js');
  const config = resolveServerConfig({ port: 0, backendStoreUri: 'sqlite:///:memory:', host: '0.0.0.0' }, { STRATA_ADMIN_PASSWORD: 'first-admin-pw', STRATA_ADMIN_USERNAME: 'root' });
  assert.deepEqual(config.firstAdmin, { username: 'root', password: 'first-admin-pw' });
  assert.deepEqual(resolveServerConfig({}, { STRATA_ADMIN_PASSWORD: 'first-admin-pw' }).firstAdmin, { username: 'admin', password: 'first-admin-pw' });
  const server = await startTestServer({ host: '0.0.0.0', firstAdmin: config.firstAdmin });
  try {
    const base = `http://127.0.0.1:${new URL(server.url).port}`;
    assert.equal((await fetch(`${base}/api/2.0/mlflow/experiments/search?max_results=1`)).status, 401);
    const whoami = await fetch(`${base}/api/strata/v1/auth/whoami`, { headers: { authorization: basic('root', 'first-admin-pw') } });
    const body = (await whoami.json()) as { user: { username: string; is_admin: boolean } };
    assert.deepEqual([body.user.username, body.user.is_admin], ['root', true]);
  } finally {
    await server.close();
  }
});

it('slows brute force: 429 with Retry-After after too many failures for a user name or an address', async () => {
  const server = await startTestServer(
    { firstAdmin: { username: 'admin', password: 'admin-password' } },
    { identity: { attemptLimits: { maxFailures: 3, windowMs: 60_000 } } },
  );
  try {
    const whoami = (authorization: string) => fetch(`${server.url}/api/strata/v1/auth/whoami`, { headers: { authorization } });
    for (let i = 0; i < 3; i++) assert.equal((await whoami(basic('admin', `guess-${i}`))).status, 401);
    const limited = await whoami(basic('admin', 'guess-4'));
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as { error_code: string }).error_code, 'REQUEST_LIMIT_EXCEEDED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    // Even the right password waits: the limit is checked before the password.
    assert.equal((await whoami(basic('admin', 'admin-password'))).status, 429);
    // The address is limited too: another user name from the same client is refused as well.
    assert.equal((await whoami(basic('someone-else', 'guess'))).status, 429);
    // A dashboard sign-in is under the same limits.
    const signIn = await fetch(`${server.url}/api/strata/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password' }) });
    assert.equal(signIn.status, 429);
  } finally {
    await server.close();
  }
});

it('ends a dashboard session at its expiry (within the second the session is cached)', async () => {
  const server = await startTestServer(
    { firstAdmin: { username: 'admin', password: 'admin-password' } },
    { identity: { sessionTtlMs: 300 } },
  );
  try {
    const signIn = await fetch(`${server.url}/api/strata/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password' }) });
    assert.equal(signIn.status, 200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const whoami = () => fetch(`${server.url}/api/2.0/mlflow/experiments/search?max_results=1`, { headers: { cookie } });
    assert.equal((await whoami()).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_350));
    assert.equal((await whoami()).status, 401);
  } finally {
    await server.close();
  }
});

// `strata users …` and `strata tokens …`: the first admin written straight into the database
// (no server), then users and tokens managed through a server with auth on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { captureCli } from './capture-cli.js';

let dir: string;
let storeUri: string;
let server: TestServer | undefined;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-users-cli-'));
  storeUri = `sqlite:///${join(dir, 'strata.db')}`;
});
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

it('creates the first admin straight into the database, the password read from stdin', () => {
  const bin = join(process.cwd(), 'bin', 'strata.js');
  const result = spawnSync(process.execPath, [bin, 'users', 'create', '--admin', 'root', '--backend-store-uri', storeUri], {
    input: 'root-password-1\n', encoding: 'utf8', env: { ...process.env, STRATA_USER_PASSWORD: '' },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /created admin root/);
});

it('manages users and tokens through the server as that admin', async () => {
  server = await startTestServer({ backendStoreUri: storeUri, host: '0.0.0.0' });
  const base = { STRATA_TRACKING_URI: `http://127.0.0.1:${new URL(server.url).port}` };
  const asRoot = { ...base, MLFLOW_TRACKING_USERNAME: 'root', MLFLOW_TRACKING_PASSWORD: 'root-password-1' };

  const anonymous = await captureCli(['users', 'list'], base);
  assert.equal(anonymous.code, 1);
  assert.match(anonymous.stderr, /UNAUTHENTICATED/);

  const created = await captureCli(['users', 'create', 'alice'], { ...asRoot, STRATA_USER_PASSWORD: 'alice-password' });
  assert.equal(created.code, 0, created.stderr);
  assert.equal((await captureCli(['users', 'create', '--service-account', 'ci-bot'], asRoot)).code, 0);
  assert.equal((await captureCli(['users', 'set-admin', 'alice'], asRoot)).code, 0);
  const listed = await captureCli(['users', 'list', '--json'], asRoot);
  const users = JSON.parse(listed.stdout) as Array<{ username: string; is_admin: boolean; service_account: boolean }>;
  assert.deepEqual(users.map((u) => [u.username, u.is_admin, u.service_account]), [['alice', true, false], ['ci-bot', false, true], ['root', true, false]]);
  assert.match((await captureCli(['users', 'list'], asRoot)).stdout, /ci-bot\s+no\s+service account/);

  const token = await captureCli(['tokens', 'create', 'nightly', '--scope', 'write', '--user', 'ci-bot', '--expires-in', '30d'], asRoot);
  assert.equal(token.code, 0, token.stderr);
  assert.match(token.stdout, /^strata_[A-Za-z0-9_-]+\n$/);
  assert.match(token.stderr, /not shown again/);
  const asBot = { ...base, STRATA_TOKEN: token.stdout.trim() };
  const mine = JSON.parse((await captureCli(['tokens', 'list', '--json'], asBot)).stdout) as Array<{ token_id: string; name: string; username: string; expires_time?: number }>;
  assert.deepEqual(mine.map((t) => [t.name, t.username]), [['nightly', 'ci-bot']]);
  assert.ok((mine[0]?.expires_time ?? 0) > Date.now() + 29 * 86_400_000);
  const all = await captureCli(['tokens', 'list', '--all'], asRoot);
  assert.match(all.stdout, /nightly\s+ci-bot\s+write/);
  assert.equal(all.stdout.includes(token.stdout.trim()), false);

  const revoked = await captureCli(['tokens', 'revoke', mine[0]?.token_id ?? ''], asRoot);
  assert.equal(revoked.code, 0, revoked.stderr);
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  assert.equal((await captureCli(['tokens', 'list'], asBot)).code, 1);

  const asAlice = { ...base, MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: 'alice-password' };
  assert.equal((await captureCli(['tokens', 'list'], asAlice)).code, 0);
  assert.equal((await captureCli(['users', 'disable', 'alice'], asRoot)).code, 0);
  assert.match((await captureCli(['users', 'list'], asRoot)).stdout, /alice\s+yes\s+user \(disabled\)/);
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  assert.equal((await captureCli(['tokens', 'list'], asAlice)).code, 1, 'a disabled user cannot sign in');
  assert.equal((await captureCli(['users', 'disable', 'root'], asRoot)).code, 1, 'an admin cannot disable itself');
  assert.equal((await captureCli(['users', 'disable', 'alice', '--enable'], asRoot)).code, 0);
  assert.equal((await captureCli(['tokens', 'list'], asAlice)).code, 0);
  assert.equal((await captureCli(['users', 'delete', 'alice'], asRoot)).code, 0);
  const bad = await captureCli(['tokens', 'create', 'x', '--scope', 'root'], asRoot);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected read, write or admin/);
});

it('strata server --host 0.0.0.0 refuses to start with no users; --insecure-no-auth gets past that check', async () => {
  const empty = `sqlite:///${join(dir, 'empty.db')}`;
  const refused = await captureCli(['server', '--host', '0.0.0.0', '--port', '0', '--backend-store-uri', empty]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Refusing to listen on 0\.0\.0\.0 with no users/);
  // With the flag the start goes on to listen: on a port already taken, that is where it fails.
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
  try {
    const port = String((taken.address() as AddressInfo).port);
    const insecure = await captureCli(['server', '--host', '0.0.0.0', '--port', port, '--backend-store-uri', empty, '--insecure-no-auth']);
    assert.equal(insecure.code, 1);
    assert.doesNotMatch(insecure.stderr, /Refusing/);
    assert.match(insecure.stderr, /EADDRINUSE|in use/i);
  } finally {
    taken.close();
  }
});

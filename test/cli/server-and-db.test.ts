import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { spawnServerProcess } from '../helpers/spawn-server-process.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('db upgrade tests');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const dialect of dialects) {
  describeOrSkip(`strata db upgrade on ${dialect.name}`, dialect.skip, () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-cli-db-'));
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await dialect.drop();
    });

    it('applies migrations once, then reports up to date', async () => {
      // A file, not the dialect's in-memory SQLite: the second upgrade must find the first's work.
      const uri = dialect.name === 'SQLite' ? `sqlite:///${join(dir, 'strata.db')}` : dialect.uri();
      const first = await captureCli(['db', 'upgrade', '--backend-store-uri', uri]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, new RegExp(`^applied \\d+ migration\\(s\\) to ${escapeRegExp(uri)}: 1`));
      const second = await captureCli(['db', 'upgrade', '--backend-store-uri', uri]);
      assert.equal(second.stdout, `${uri} is up to date\n`);
    });
  });
}

// The server process on SQLite only: its flags, start-up output and signals are under test;
// the store it opens behaves as the looped HTTP suites check on both databases.
describe('strata server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
  const dbUri = `sqlite:///${join(dir, 'strata.db')}`;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('server prints its URL and data locations, serves, and exits 0 on SIGTERM', async () => {
    const server = await spawnServerProcess(['--backend-store-uri', dbUri, '--default-artifact-root', join(dir, 'artifacts')]);
    try {
      const listed = await captureCli(['experiments', 'list', '--json'], { STRATA_TRACKING_URI: server.url });
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(server.output(), new RegExp(`metadata:\\s+${dbUri.replace(/[/.]/g, '\\$&')}`));
      assert.match(server.output(), /artifacts:\s+.*artifacts/);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
    assert.match(server.output(), /server stopped/);
  });

  it('server takes the hardening flags: allowed hosts, framing, timeouts, connection cap', async () => {
    const server = await spawnServerProcess([
      '--backend-store-uri', dbUri,
      '--allowed-hosts', 'mlflow.example,127.0.0.1',
      '--x-frame-options', 'sameorigin',
      '--statement-timeout', '10s',
      '--body-idle-timeout', '5s',
      '--max-connections', '16',
    ]);
    try {
      const statusFor = (host: string) =>
        new Promise<{ status: number; frame: unknown }>((resolve, reject) => {
          const req = request(`${server.url}/version`, { headers: { host } }, (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, frame: res.headers['x-frame-options'] });
          });
          req.on('error', reject);
          req.end();
        });
      assert.deepEqual(await statusFor('mlflow.example:5000'), { status: 200, frame: 'SAMEORIGIN' });
      assert.equal((await statusFor('localhost')).status, 403);
      assert.match(server.output(), /allowed hosts: mlflow\.example, 127\.0\.0\.1/);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
  });

  it('server --webhook-allowed-hosts lets webhooks reach the listed internal hosts, and no others', async () => {
    const server = await spawnServerProcess(['--backend-store-uri', dbUri, '--webhook-allowed-hosts', '127.0.0.1, ci.corp']);
    try {
      const create = (url: string) =>
        fetch(`${server.url}/api/2.0/mlflow/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'hook', url, events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }] }),
        });
      assert.equal((await create('http://127.0.0.1:9/hook')).status, 200);
      const refused = await create('http://127.0.0.2:9/hook');
      assert.equal(refused.status, 400);
      assert.match(((await refused.json()) as { message: string }).message, /loopback address 127\.0\.0\.2; allow it with --webhook-allowed-hosts/);
      assert.match(server.output(), /webhooks may also reach: 127\.0\.0\.1, ci\.corp/);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
  });

  it('server refuses a malformed hardening flag with a usage error', async () => {
    const result = await captureCli(['server', '--x-frame-options', 'ALLOWALL', '--backend-store-uri', dbUri]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /DENY, SAMEORIGIN or NONE/);
  });
});

/**
 * `strata data remote add`, `push` and `pull` end to end through runCli, with an s3://
 * remote on the shared radosgw (skipped with a reason when it is down; STRATA_REQUIRE_S3=1
 * fails instead) and a strata:// remote on an in-process server. SQLite only: data objects go
 * to the artifact store; the dataset registry runs on both databases in test/datasets.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempGitRepo } from '../helpers/temp-git-repo.js';
import { S3_TEST_ENV, createTestBucket, s3SuiteSkip, s3TestClient } from '../helpers/s3-test-endpoint.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { captureCli, type CliResult } from './capture-cli.js';

const s3Skip = await s3SuiteSkip();

describe('strata data with network remotes', () => {
  const t = createTempGitRepo({ init: false });
  const clones: string[] = [];
  let server: TestServer;

  /** Runs `strata data …` in `dir`, as a person in that folder would. */
  function data(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return captureCli(['data', ...args], env, { cwd: dir });
  }

  function clone(): string {
    const dir = mkdtempSync(join(tmpdir(), 'strata-cli-clone-'));
    clones.push(dir);
    execFileSync('git', ['clone', '-q', t.dir, dir]);
    return dir;
  }

  before(async () => {
    server = await startTestServer();
    assert.equal((await data(t.dir, ['init'])).code, 0);
    for (let i = 0; i < 30; i++) t.write(`data/shard${i % 3}/row${i}.csv`, `id,value\n${i},${i * i}\n`);
    t.write('model.bin', Buffer.alloc(2 << 20, 7));
    const added = await data(t.dir, ['add', 'data', 'model.bin']);
    assert.equal(added.code, 0, added.stderr);
  });
  after(async () => {
    t.cleanup();
    for (const dir of clones) {
      execFileSync('chmod', ['-R', 'u+w', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
    await server.close();
  });

  it('s3://: remote add, push, then pull in a fresh clone', { skip: s3Skip }, async () => {
    const client = s3TestClient();
    const { bucket, destroy } = await createTestBucket(client);
    try {
      const added = await data(t.dir, ['remote', 'add', 'origin', `s3://${bucket}/datasets`]);
      assert.equal(added.code, 0, added.stderr);
      t.commit('data v1 with an s3 remote');
      const pushed = await data(t.dir, ['push', '--jobs', '4'], S3_TEST_ENV);
      assert.equal(pushed.code, 0, pushed.stderr);
      assert.match(pushed.stdout, /pushed 32 object\(s\) \(0 already there\) with remote origin/);
      assert.match((await data(t.dir, ['push'], S3_TEST_ENV)).stdout, /pushed 0 object\(s\) \(32 already there\)/);
      const dir = clone();
      const pulled = await data(dir, ['pull'], S3_TEST_ENV);
      assert.equal(pulled.code, 0, pulled.stderr);
      assert.match(pulled.stdout, /pulled 32 object\(s\)/);
      assert.equal(readFileSync(join(dir, 'data/shard2/row29.csv'), 'utf8'), 'id,value\n29,841\n');
      assert.ok(readFileSync(join(dir, 'model.bin')).equals(Buffer.alloc(2 << 20, 7)));
      assert.match((await data(dir, ['status'])).stdout, /in sync/);
    } finally {
      await destroy();
      client.destroy();
    }
  });

  it('strata://: remote add, push, then pull in a fresh clone', async () => {
    const url = `strata://${new URL(server.url).host}`;
    assert.equal((await data(t.dir, ['remote', 'add', 'srv', url, '--default'])).code, 0);
    t.commit('strata remote');
    const pushed = await data(t.dir, ['push', '--remote', 'srv', '--json']);
    assert.equal(pushed.code, 0, pushed.stderr);
    const result = JSON.parse(pushed.stdout) as { transferred: number; failures: unknown[] };
    assert.deepEqual([result.transferred, result.failures], [32, []]);
    const dir = clone();
    const pulled = await data(dir, ['pull', '--remote', 'srv']);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(readFileSync(join(dir, 'data/shard0/row0.csv'), 'utf8'), 'id,value\n0,0\n');
  });

  it('an unreachable remote fails with a message that says so', async () => {
    assert.equal((await data(t.dir, ['remote', 'add', 'down', 'strata://127.0.0.1:9'])).code, 0);
    const pushed = await data(t.dir, ['push', '--remote', 'down']);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.stderr, /127\.0\.0\.1:9/);
  });
});

// `strata experiments` against a test server on SQLite and on PostgreSQL (test-dialects.ts).
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI experiment tests');

for (const dialect of dialects) {
  describeOrSkip(`strata experiments on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      env = { STRATA_TRACKING_URI: server.url };
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('creates, renames, deletes and restores an experiment', async () => {
      const created = await captureCli(['experiments', 'create', 'cli-exp', '--json'], env);
      assert.equal(created.code, 0, created.stderr);
      const id = (JSON.parse(created.stdout) as { experiment_id: string }).experiment_id;

      const renamed = await captureCli(['experiments', 'rename', id, 'cli-exp-2'], env);
      assert.equal(renamed.code, 0, renamed.stderr);
      assert.equal(renamed.stdout, `renamed experiment ${id} to "cli-exp-2"\n`);

      assert.equal((await captureCli(['experiments', 'delete', id], env)).code, 0);
      const active = await captureCli(['experiments', 'list'], env);
      assert.doesNotMatch(active.stdout, /cli-exp-2/);
      const deleted = await captureCli(['experiments', 'list', '--view', 'deleted', '--json'], env);
      assert.deepEqual((JSON.parse(deleted.stdout) as { name: string }[]).map((e) => e.name), ['cli-exp-2']);

      assert.equal((await captureCli(['experiments', 'restore', id], env)).code, 0);
      const restored = await captureCli(['experiments', 'list'], env);
      assert.match(restored.stdout, new RegExp(`^${id}\\s+cli-exp-2\\s+active\\s`, 'm'));
    });

    it('prints a table with aligned columns', async () => {
      await captureCli(['experiments', 'create', 'a-much-longer-experiment-name'], env);
      const { stdout } = await captureCli(['experiments', 'list'], env);
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^ID\s+NAME\s+STAGE\s+CREATED\s+ARTIFACT LOCATION$/);
      const stageColumn = lines[0]!.indexOf('STAGE');
      for (const line of lines.slice(1)) assert.equal(line.indexOf('active'), stageColumn, line);
    });

    it('reports server errors on stderr with exit code 1', async () => {
      await captureCli(['experiments', 'create', 'dup'], env);
      const again = await captureCli(['experiments', 'create', 'dup'], env);
      assert.equal(again.code, 1);
      assert.equal(again.stdout, '');
      assert.match(again.stderr, /^error: .*dup.* \(RESOURCE_ALREADY_EXISTS\)\n$/);

      const missing = await captureCli(['experiments', 'delete', '987654'], env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /\(RESOURCE_DOES_NOT_EXIST\)\n$/);
    });
  });
}

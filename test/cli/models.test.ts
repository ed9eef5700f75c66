// `strata models` against a test server on SQLite and on PostgreSQL (test-dialects.ts).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { StrataClient } from '../../src/client/index.js';
import { logArtifact } from '../../src/client/node/index.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI model tests');

for (const dialect of dialects) {
  describeOrSkip(`strata models on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let env: NodeJS.ProcessEnv;
    let runId: string;
    let work: string;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      env = { STRATA_TRACKING_URI: server.url };
      ({ runId } = await createExperimentAndRun(server));
      work = await mkdtemp(join(tmpdir(), 'strata-cli-models-'));
      await writeFile(join(work, 'MLmodel'), 'flavors: {}\n');
      await logArtifact(new StrataClient({ trackingUri: server.url }), runId, join(work, 'MLmodel'), 'model');
    });
    after(async () => {
      await server?.close();
      await rm(work, { recursive: true, force: true });
      await dialect.drop();
    });

    const cli = async (...argv: string[]) => {
      const result = await captureCli(argv, env);
      assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };

    it('registers run artifacts as versions, creating the model the first time', async () => {
      assert.equal(await cli('models', 'register', runId, 'model', '--name', 'fraud'), `registered runs:/${runId}/model as fraud version 1\n`);
      const second = JSON.parse(await cli('models', 'register', runId, 'model', '--name', 'fraud', '--json'));
      assert.equal(second.version, '2');
      assert.equal(second.run_id, runId);
      const versions = JSON.parse(await cli('models', 'versions', 'fraud', '--json'));
      assert.deepEqual(versions.map((v: { version: string }) => v.version), ['2', '1']);
      assert.match(await cli('models', 'versions', 'fraud'), /^VERSION\s+STAGE\s+ALIASES/);
    });

    it('refuses to register an artifact path the run does not have, unless --allow-missing', async () => {
      const refused = await captureCli(['models', 'register', runId, 'nosuchpath', '--name', 'ghost'], env);
      assert.equal(refused.code, 1);
      assert.equal(
        refused.stderr,
        `error: run ${runId} has no artifact "nosuchpath" (its artifacts: model/); log it first, or pass --allow-missing to register it anyway\n`,
      );
      assert.equal((await server.get('registered-models/get', { name: 'ghost' })).status, 404, 'nothing was created');
      const nested = await captureCli(['models', 'register', runId, 'model/weights.bin', '--name', 'ghost'], env);
      assert.equal(nested.code, 1);
      assert.match(nested.stderr, /has no artifact "model\/weights\.bin"/);
      assert.match(await cli('models', 'register', runId, 'model/MLmodel', '--name', 'ghost'), /as ghost version 1\n$/);
      assert.match(await cli('models', 'register', runId, 'nosuchpath', '--name', 'ghost', '--allow-missing'), /runs:\/.*\/nosuchpath as ghost version 2\n$/);
    });

    it('creates, lists and shows models', async () => {
      assert.equal(await cli('models', 'create', 'cli-made', '--description', 'hello'), 'created registered model "cli-made"\n');
      const listed = JSON.parse(await cli('models', 'list', '--json'));
      assert.ok(listed.some((m: { name: string }) => m.name === 'cli-made'));
      assert.match(await cli('models', 'list', '--filter', "name = 'cli-made'"), /^NAME.*\ncli-made\s/);
      assert.match(await cli('models', 'show', 'cli-made'), /description\s+hello/);
    });

    it('sets, moves and deletes aliases, resolves URIs, and prints the history', async () => {
      await cli('models', 'register', runId, 'model', '--name', 'hist');
      await cli('models', 'register', runId, 'model', '--name', 'hist');
      assert.equal(await cli('models', 'alias', 'set', 'hist', 'champion', '1'), 'hist@champion -> version 1\n');
      const t1 = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const moved = JSON.parse(await cli('models', 'alias', 'set', 'hist', 'champion', '2', '--json'));
      assert.deepEqual(moved.aliases, ['champion']);
      const resolved = JSON.parse(await cli('models', 'resolve', 'models:/hist@champion', '--json'));
      assert.equal(resolved.version, '2');
      assert.match(await cli('models', 'resolve', 'models:/hist/1'), /version\s+1\n/);
      const atT1 = JSON.parse(await cli('models', 'history', 'hist', '--alias', 'champion', '--at', String(t1), '--json'));
      assert.equal(atT1.version, '1');
      assert.match(await cli('models', 'history', 'hist', '--alias', 'champion', '--at', new Date(t1).toISOString()), /hist@champion was version 1 at/);
      await cli('models', 'alias', 'delete', 'hist', 'champion');
      const table = await cli('models', 'history', 'hist');
      assert.match(table, /alias champion set to v1\n.*alias champion moved v1 -> v2\n.*alias champion deleted \(was v2\)/s);
    });

    it('archives a version, which then cannot take an alias', async () => {
      await cli('models', 'register', runId, 'model', '--name', 'arch');
      assert.equal(await cli('models', 'archive', 'arch', '1'), 'archived arch version 1\n');
      const refused = await captureCli(['models', 'alias', 'set', 'arch', 'prod', '1'], env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /archived and cannot take an alias\..*\(INVALID_PARAMETER_VALUE\)\n$/);
    });

    it('deletes a registered model only with --yes', async () => {
      await cli('models', 'create', 'doomed');
      const refused = await captureCli(['models', 'delete', 'doomed'], env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /--yes/);
      assert.equal((await server.get('registered-models/get', { name: 'doomed' })).status, 200);
      assert.equal(await cli('models', 'delete', 'doomed', '--yes'), 'deleted registered model "doomed"\n');
      assert.equal((await server.get('registered-models/get', { name: 'doomed' })).status, 404);
    });

    it('reports server errors with their code and exit 1', async () => {
      const missing = await captureCli(['models', 'show', 'nope'], env);
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr, 'error: Registered Model with name=nope not found (RESOURCE_DOES_NOT_EXIST)\n');
      const usage = await captureCli(['models', 'history', 'x', '--at', '5'], env);
      assert.equal(usage.code, 2);
    });
  });
}

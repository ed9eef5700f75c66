// `strata deployments list|history|served-at|rollback` against a test server whose records a
// stand-in serving process (the SDK) wrote, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient } from '../../src/client/browser.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI deployment tests');

for (const dialect of dialects) {
  describeOrSkip(`strata deployments on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let ids: string[] = [];
    let t0 = 0;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR });
      await server.post('registered-models/create', { name: 'fraud' });
      for (const i of [1, 2, 3]) await server.post('model-versions/create', { name: 'fraud', source: `s3://models/fraud/${i}` });
      await server.post('registered-models/alias', { name: 'fraud', alias: 'production', version: '2' });
      // A stand-in `strata serve`: two replicas start on version 1 and switch to 2; a third stops.
      const serving = createClient({ trackingUri: server.url, username: 'svc', password: 'x' }).deployments;
      ids = [];
      for (const host of ['serving-1', 'serving-2', 'serving-3']) {
        const d = await serving.register({ name: 'fraud-prod', environment: 'production', endpointUrl: `http://${host}:8080`, host, modelUri: 'models:/fraud@production' });
        ids.push(d.deployment_id);
      }
      t0 = Math.max(...(await serving.list({ name: 'fraud-prod' })).map((d) => d.started_time));
      for (const id of ids) await serving.recordEvent({ deploymentId: id, kind: 'started', toVersion: 1, reason: 'initial load', time: t0 + 10 });
      for (const id of ids.slice(0, 2)) await serving.recordEvent({ deploymentId: id, kind: 'switched', fromVersion: 1, toVersion: 2, reason: 'alias moved (webhook)', time: t0 + 20 });
      await serving.recordEvent({ deploymentId: ids[2]!, kind: 'stopped', reason: 'shutdown (SIGTERM)', time: t0 + 15 });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const run = (...argv: string[]) => captureCli(argv, { STRATA_TRACKING_URI: server.url, MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: 'x' });
    const cli = async (...argv: string[]) => {
      const result = await run(...argv);
      assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };

    it('lists running instances as a table, stopped ones with --all, and where a version is deployed', async () => {
      const table = await cli('deployments', 'list', '--model', 'fraud');
      const lines = table.trimEnd().split('\n');
      assert.match(lines[0]!, /^NAME\s+ENVIRONMENT\s+MODEL\s+VERSION\s+STATUS\s+ENDPOINT\s+HOST\s+STARTED\s+LAST HEARTBEAT\s+ID$/);
      assert.equal(lines.length, 3, table);
      for (const line of lines.slice(1)) assert.match(line, /^fraud-prod\s+production\s+fraud@production\s+2\s+running\s+http:\/\/serving-[12]:8080/);
      const all = await cli('deployments', 'list', '--all', '--json');
      assert.equal(JSON.parse(all).length, 3, all);
      const v2 = JSON.parse(await cli('deployments', 'list', '--model', 'fraud', '--model-version', '2', '--json'));
      assert.deepEqual(v2.map((d: { host: string }) => d.host).sort(), ['serving-1', 'serving-2']);
      assert.equal(await cli('deployments', 'list', '--model', 'fraud', '--model-version', '1'), 'No deployments.\n');
    });

    it('prints a name\'s history newest first, within --since/--until', async () => {
      const history = await cli('deployments', 'history', 'fraud-prod');
      const rows = history.trimEnd().split('\n').slice(1);
      assert.equal(rows.length, 6);
      assert.match(rows[0]!, /switched\s+1 -> 2\s+alias moved \(webhook\)/);
      assert.match(rows.at(-1)!, /started\s+1\s+initial load/);
      const window = JSON.parse(await cli('deployments', 'history', 'fraud-prod', '--since', String(t0 + 11), '--until', new Date(t0 + 15).toISOString(), '--json'));
      assert.deepEqual(window.map((e: { kind: string }) => e.kind), ['stopped']);
      const bad = await run('deployments', 'history', 'fraud-prod', '--since', 'last week');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /a duration back such as 2h/);
    });

    it('answers which version served production at a time', async () => {
      assert.match(await cli('deployments', 'served-at', '--model', 'fraud', '--alias', 'production', '--time', String(t0 + 12)), /^fraud@production was served by version 1 at /);
      const later = await cli('deployments', 'served-at', '--model', 'fraud', '--alias', 'production', '--time', String(t0 + 25));
      assert.match(later, /^fraud@production was served by version 2 at /);
      assert.equal(later.trimEnd().split('\n').length, 4, 'the sentence, the header and two instances');
      const json = JSON.parse(await cli('deployments', 'served-at', '--name', 'fraud-prod', '--time', String(t0 + 12), '--json'));
      assert.deepEqual(json.versions, ['1']);
      assert.equal(json.serving.length, 3);
      assert.match(await cli('deployments', 'served-at', '--name', 'fraud-prod', '--time', '2d'), /^Nothing served fraud-prod at /);
      const usage = await run('deployments', 'served-at', '--model', 'fraud', '--time', '1h');
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--model needs --alias/);
    });

    it('rolls back the alias to the version served before, and says so', async () => {
      assert.equal(
        await cli('deployments', 'rollback', 'fraud-prod', '--reason', 'p99 doubled'),
        'Moved fraud@production from version 2 back to version 1; serving processes follow the alias.\n',
      );
      const alias = await server.get('registered-models/alias', { name: 'fraud', alias: 'production' });
      assert.equal(alias.json.model_version.version, '1');
      const missing = await run('deployments', 'rollback', 'nobody');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /No deployment named 'nobody' exists/);
    });
  });
}

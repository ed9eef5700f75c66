// `strata audit list` against a test server on SQLite and on PostgreSQL (test-dialects.ts):
// its filters and time bounds are the store's.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:secret`).toString('base64')}` });

const dialects = await testDialects('CLI audit tests');

for (const dialect of dialects) {
  describeOrSkip(`strata audit list on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let env: NodeJS.ProcessEnv;
    let experimentId: string;
    let runId: string;
    let between: number;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      env = { STRATA_TRACKING_URI: server.url };
      experimentId = (await server.post('experiments/create', { name: 'audited-cli' }, basic('alice'))).json.experiment_id;
      await new Promise((resolve) => setTimeout(resolve, 5));
      between = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      runId = (await server.post('runs/create', { experiment_id: experimentId }, basic('bob'))).json.run.info.run_id;
      await server.post('experiments/update', { experiment_id: experimentId, new_name: 'audited-cli-2' }, basic('bob'));
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const json = async (...argv: string[]) => {
      const result = await captureCli(['audit', 'list', ...argv, '--json'], env);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as Array<{ action: string; actor: string; entity_id: string; time: number }>;
    };

    it('lists events newest first, filtered like the API', async () => {
      assert.deepEqual((await json()).map((e) => e.action), ['experiment.rename', 'run.create', 'experiment.create']);
      assert.deepEqual((await json('--actor', 'alice')).map((e) => e.action), ['experiment.create']);
      assert.deepEqual((await json('--entity-type', 'run', '--entity-id', runId)).map((e) => e.action), ['run.create']);
      assert.deepEqual((await json('--action', 'experiment.rename')).map((e) => e.entity_id), [experimentId]);
      assert.deepEqual((await json('--max-results', '1')).map((e) => e.action), ['experiment.rename']);
    });

    it('takes --since and --until as ISO 8601 or epoch milliseconds', async () => {
      const iso = new Date(between).toISOString();
      assert.deepEqual((await json('--since', iso)).map((e) => e.action), ['experiment.rename', 'run.create']);
      assert.deepEqual((await json('--since', String(between))).map((e) => e.action), ['experiment.rename', 'run.create']);
      assert.deepEqual((await json('--until', iso)).map((e) => e.action), ['experiment.create']);
      const bad = await captureCli(['audit', 'list', '--since', 'last tuesday'], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--since <time>' argument 'last tuesday' is invalid\. expected milliseconds since the epoch or an ISO-8601 time/);
    });

    it('prints a table for people', async () => {
      const table = await captureCli(['audit', 'list', '--entity-id', experimentId], env);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^TIME\s+ACTOR\s+ACTION\s+ENTITY\s+SUMMARY$/);
      assert.match(lines[1]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+bob \\(claimed\\)\\s+experiment\\.rename\\s+experiment ${experimentId}\\s+from=audited-cli, to=audited-cli-2$`));
      assert.match(lines[2]!, /alice \(claimed\)\s+experiment\.create\s+experiment \d+\s+name=audited-cli$/);
      const none = await captureCli(['audit', 'list', '--actor', 'nobody'], env);
      assert.equal(none.stdout, 'no audit events\n');
    });
  });
}

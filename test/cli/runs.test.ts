// `strata runs` against a test server on SQLite and on PostgreSQL (test-dialects.ts): the
// filters, orders and views it passes on are the store's.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../../src/api/mlflow-tracking.js';
import { StrataClient } from '../../src/client/index.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI run tests');

for (const dialect of dialects) {
  describeOrSkip(`strata runs on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let env: NodeJS.ProcessEnv;
    const runIds: Record<string, string> = {};

    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      env = { STRATA_TRACKING_URI: server.url };
      const client = new StrataClient({ trackingUri: server.url });
      for (const [name, loss] of [['alpha', 0.5], ['beta', 0.1], ['gamma', 0.3]] as const) {
        const run = await client.startRun({ experiment: 'cli-runs', name, params: { lr: loss * 10 } });
        run.logMetrics({ loss, acc: 1 - loss });
        await run.end();
        runIds[name] = run.runId;
      }
      const other = await client.startRun({ experiment: 'elsewhere', name: 'delta' });
      await other.end();
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const names = (stdout: string) => (JSON.parse(stdout) as Run[]).map((r) => r.info.run_name);

    it('lists runs of one experiment, filtered and ordered, as JSON', async () => {
      const result = await captureCli(
        ['runs', 'list', '--experiment', 'cli-runs', '--filter', 'metrics.loss < 0.4', '--order-by', 'metrics.loss ASC', '--json'],
        env,
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(names(result.stdout), ['beta', 'gamma']);
    });

    it('accepts an experiment id as well as a name, and honours --max', async () => {
      const byName = await captureCli(['runs', 'list', '--experiment', 'cli-runs', '--json'], env);
      const experimentId = (JSON.parse(byName.stdout) as Run[])[0]!.info.experiment_id;
      const byId = await captureCli(['runs', 'list', '--experiment', experimentId, '--order-by', 'metrics.loss DESC', '--max', '2', '--json'], env);
      assert.deepEqual(names(byId.stdout), ['alpha', 'gamma']);
    });

    it('lists runs of every active experiment by default, as a table with summaries', async () => {
      const result = await captureCli(['runs', 'list'], env);
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^RUN ID\s+NAME\s+EXPERIMENT\s+STATUS\s+STARTED\s+DURATION\s+METRICS\s+PARAMS$/);
      assert.equal(lines.length, 5);
      const beta = lines.find((l) => l.includes(runIds.beta!));
      assert.match(beta ?? '', /FINISHED .* acc=0\.9, loss=0\.1\s+lr=1$/);
      assert.ok(lines.some((l) => /\bdelta\b/.test(l)));
    });

    it('shows one run', async () => {
      const result = await captureCli(['runs', 'show', runIds.gamma!], env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^run id\\s+${runIds.gamma}$`, 'm'));
      assert.match(result.stdout, /^status\s+FINISHED$/m);
      assert.match(result.stdout, /^Params\nKEY\s+VALUE\nlr\s+3$/m);
      assert.match(result.stdout, /^loss\s+0\.3\s+0\s/m);
      const json = await captureCli(['runs', 'show', runIds.gamma!, '--json'], env);
      assert.equal((JSON.parse(json.stdout) as Run).info.run_id, runIds.gamma);
    });

    it('deletes and restores a run', async () => {
      assert.equal((await captureCli(['runs', 'delete', runIds.alpha!], env)).code, 0);
      const listed = await captureCli(['runs', 'list', '--experiment', 'cli-runs', '--json'], env);
      assert.deepEqual(names(listed.stdout).sort(), ['beta', 'gamma']);
      const deleted = await captureCli(['runs', 'list', '--experiment', 'cli-runs', '--view', 'deleted', '--json'], env);
      assert.deepEqual(names(deleted.stdout), ['alpha']);
      assert.equal((await captureCli(['runs', 'restore', runIds.alpha!], env)).code, 0);
      const after = await captureCli(['runs', 'list', '--experiment', 'cli-runs', '--json'], env);
      assert.equal(names(after.stdout).length, 3);
    });

    it('exits 1 for an unknown run, an unknown experiment and a bad filter', async () => {
      const run = await captureCli(['runs', 'show', 'nope'], env);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /\(RESOURCE_DOES_NOT_EXIST\)\n$/);
      const experiment = await captureCli(['runs', 'list', '--experiment', 'no-such-experiment'], env);
      assert.equal(experiment.code, 1);
      assert.equal(experiment.stderr, 'error: no experiment is named or has id "no-such-experiment" (RESOURCE_DOES_NOT_EXIST)\n');
      const filter = await captureCli(['runs', 'list', '--filter', 'metrics.loss <<< 1'], env);
      assert.equal(filter.code, 1);
      assert.match(filter.stderr, /\(INVALID_PARAMETER_VALUE\)\n$/);
    });
  });
}

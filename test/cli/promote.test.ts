// `strata promote` through the promotion entry point, against a test server with the fake
// authenticator, on SQLite and PostgreSQL: what happened is printed in words (moved, requested,
// auto-approved, rolled back), a rollback with no previous holder fails clearly, and
// `strata models history` shows each move's justification (commit, datasets, gates, approvers).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { asAdmin, FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI promote tests');
const COMMIT = '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d';

for (const dialect of dialects) {
  describeOrSkip(`strata promote on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let work: string;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR });
      work = await mkdtemp(join(tmpdir(), 'strata-cli-promote-'));
      await server.post('registered-models/create', { name: 'churn' });
      for (const i of [1, 2, 3]) {
        const { runId } = await createExperimentAndRun(server);
        await server.post('runs/log-metric', { run_id: runId, key: 'auc', value: 0.8 + i / 100, timestamp: Date.now(), step: 0 });
        await server.post('runs/set-tag', { run_id: runId, key: 'mlflow.source.git.commit', value: COMMIT });
        await server.post('runs/log-inputs', {
          run_id: runId,
          datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'customers', digest: `c${i}`, source_type: 'local', source: 'data' } }],
        });
        await server.post('model-versions/create', { name: 'churn', source: `runs:/${runId}/model`, run_id: runId });
      }
      await server.post('/api/strata/v1/models/policy', {
        name: 'churn',
        protected_aliases: {
          production: { approvals: 1, approvers: { users: ['alice'] } },
          staging: { auto: true, conditions: { gates: ['offline-eval'] } },
        },
      }, asAdmin('root'));
      // Recorded gate results: version 2 (auc 0.82) passes offline-eval, version 1 (auc 0.81) fails it.
      for (const version of [1, 2]) {
        const { result } = (await server.post('/api/strata/v1/gates/evaluate', { spec: 'name: offline-eval\nrules:\n  - metrics.auc >= 0.815\n', model_uri: `models:/churn/${version}` })).json;
        assert.equal(result.status, version === 2 ? 'passed' : 'failed');
      }
    });
    after(async () => {
      await server?.close();
      await rm(work, { recursive: true, force: true });
      await dialect.drop();
    });

    const run = (user: string, ...argv: string[]) =>
      captureCli(argv, { STRATA_TRACKING_URI: server.url, MLFLOW_TRACKING_USERNAME: user, MLFLOW_TRACKING_PASSWORD: 'x' }, { cwd: work });
    const cli = async (user: string, ...argv: string[]) => {
      const result = await run(user, ...argv);
      assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };

    it('moves an unprotected alias and rolls it back, saying what happened and why', async () => {
      const never = await run('bob', 'promote', '--rollback', 'champion', '--model', 'churn');
      assert.equal(never.code, 1);
      assert.match(never.stderr, /Alias 'champion' of registered model 'churn' has never been set: there is nothing to roll back/);
      const first = await cli('bob', 'promote', 'models:/churn/1', '--alias', 'champion');
      assert.match(first, /^Moved churn@champion to version 1 \(it was unset\): the alias is not protected\.\n/);
      assert.match(first, /Justification: reason "direct move \(the alias is not protected\)"; commit 9c1d2e3f4a5b; datasets customers@c1 \(training\)/);
      const once = await run('bob', 'promote', '--rollback', 'champion', '--model', 'churn');
      assert.equal(once.code, 1);
      assert.match(once.stderr, /churn@champion has pointed to no version other than 1 \(the alias never moved\)/);
      assert.match(await cli('bob', 'promote', 'models:/churn/2', '--alias', 'champion', '--reason', 'fresher data'), /^Moved churn@champion to version 2 \(was version 1\)/);
      const back = await cli('bob', 'promote', '--rollback', 'champion', '--model', 'churn', '--reason', 'latency regression');
      assert.match(back, /^Moved churn@champion to version 1 \(rolled back from version 2\): the alias is not protected\.\n/);
      assert.match(back, /reason "latency regression"; rollback of version 2; commit/);
      const history = await cli('x', 'models', 'history', 'churn', '--alias', 'champion');
      assert.match(history, /CHANGE\s+JUSTIFICATION/);
      assert.match(history, /alias champion moved v1 -> v2\s+reason "fresher data"; commit 9c1d2e3f4a5b; datasets customers@c2 \(training\)/);
    });

    it('requests a protected move, and after approval the history names the approver', async () => {
      const requested = await cli('bob', 'promote', 'models:/churn/3', '--alias', 'production', '--reason', 'recall +2%');
      assert.match(requested, /^Requested: churn@production -> version 3 needs 1 approval; the alias has not moved yet\.\nRequest (\w+)\. Approvers: strata promotions approve \1 --comment "…"\n$/);
      const requestId = /Request (\w+)\./.exec(requested)![1]!;
      await cli('alice', 'promotions', 'approve', requestId, '--comment', 'holdout checks out');
      const shown = await cli('x', 'promotions', 'get', requestId);
      assert.match(shown, /decided by\s+alice/);
      assert.match(shown, /justification\s+reason "recall \+2%"; commit 9c1d2e3f4a5b; datasets customers@c3 \(training\); approved by alice; request \w+/);
      const history = JSON.parse(await cli('x', 'models', 'history', 'churn', '--alias', 'production', '--json'));
      assert.deepEqual(history[0].justification.approvers.map((a: { approver: string }) => a.approver), ['alice']);
      assert.equal(history[0].justification.commit, COMMIT);
    });

    it('auto-approves when the gates passed, and refuses with the reason when one did not', async () => {
      const refused = await run('bob', 'promote', 'models:/churn/1', '--alias', 'staging');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /Cannot promote automatically: .*gate 'offline-eval' failed on version 1/);
      const auto = await cli('bob', 'promote', 'models:/churn/2', '--alias', 'staging');
      assert.match(auto, /^Auto-approved: churn@staging moved to version 2 \(it was unset\); every condition of the policy held, decided by policy:auto \(request \w+\)\.\n/);
      assert.match(auto, /gates offline-eval \(passed, result \w+\)/);
      const shown = await cli('x', 'models', 'policy', 'show', 'churn');
      assert.match(shown, / {2}staging:\n {4}auto: true\n {4}approvals: 0\n/);
      assert.match(shown, /gates:\n {8}- offline-eval\n/);
    });

    it('refuses mixed or missing arguments as usage errors', async () => {
      for (const argv of [
        ['promote', 'models:/churn/1'],
        ['promote', '--rollback', 'champion'],
        ['promote', 'models:/churn/1', '--rollback', 'champion', '--model', 'churn'],
        ['promote', 'models:/churn/1', '--alias', 'champion', '--model', 'churn'],
      ]) {
        const result = await run('bob', ...argv);
        assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
      }
    });
  });
}

// `strata models policy apply|show`, `strata promote` and `strata promotions …` against a test
// server with the fake authenticator (users come from MLFLOW_TRACKING_USERNAME), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from './capture-cli.js';

const dialects = await testDialects('CLI promotion tests');

const POLICY_YAML = `model: fraud
protected_aliases:
  production:
    approvals: 2
    approvers:
      users: [alice]
      groups: [risk]
    expiry: 48h
    conditions:
      git_commit: false
`;

for (const dialect of dialects) {
  describeOrSkip(`strata promotions on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let work: string;
    before(async () => {
      // Everyone signed in may edit (so anyone may request); `root` is an admin (policies need a manager).
      server = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR });
      work = await mkdtemp(join(tmpdir(), 'strata-cli-promotions-'));
      await server.post('registered-models/create', { name: 'fraud' });
      for (const i of [1, 2]) await server.post('model-versions/create', { name: 'fraud', source: `s3://models/fraud/${i}` });
    });
    after(async () => {
      await server?.close();
      await rm(work, { recursive: true, force: true });
      await dialect.drop();
    });

    const run = (user: string, ...argv: string[]) =>
      captureCli(argv, { STRATA_TRACKING_URI: server.url, MLFLOW_TRACKING_USERNAME: user, MLFLOW_TRACKING_PASSWORD: user === 'root' ? 'fake-admin' : 'x' }, { cwd: work });
    const cli = async (user: string, ...argv: string[]) => {
      const result = await run(user, ...argv);
      assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };

    it('applies a YAML policy and shows it back as a file apply accepts; a bad file is refused with field paths', async () => {
      await writeFile(join(work, 'policy.yaml'), POLICY_YAML);
      assert.equal(await cli('root', 'models', 'policy', 'apply', 'policy.yaml'), 'fraud: protected production\n');
      const shown = await cli('root', 'models', 'policy', 'show', 'fraud');
      assert.match(shown, /^model: fraud\nprotected_aliases:\n {2}production:\n {4}approvals: 2\n/);
      assert.match(shown, /expiry: 48h/);
      await writeFile(join(work, 'shown.yaml'), shown);
      assert.equal(await cli('root', 'models', 'policy', 'apply', 'shown.yaml'), 'fraud: protected production\n');
      await writeFile(join(work, 'bad.yaml'), 'model: fraud\nprotected_aliases:\n  production:\n    approvals: two\n    approvers: {users: [alice]}\n    expiry: 3 days\n');
      const bad = await run('root', 'models', 'policy', 'apply', 'bad.yaml');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /protected_aliases\.production\.approvals: must be a whole number from 1 to 500, got "two"/);
      assert.match(bad.stderr, /protected_aliases\.production\.expiry: must be a duration/);
      await writeFile(join(work, 'typo.yaml'), 'modle: fraud\nprotected_aliases: {}\n');
      const typo = await run('root', 'models', 'policy', 'apply', 'typo.yaml');
      assert.equal(typo.code, 2);
      assert.match(typo.stderr, /typo\.yaml: modle: unknown field \(expected model, protected_aliases\); model: the registered model's name is required/);
    });

    it('refuses `models alias set` on the protected alias, then promotes through requests and approvals', async () => {
      const direct = await run('root', 'models', 'alias', 'set', 'fraud', 'production', '1');
      assert.equal(direct.code, 1);
      assert.match(direct.stderr, /protected by the model's promotion policy.*strata promote models:\/fraud\/1 --alias production/);
      const answer = JSON.parse(await cli('bob', 'promote', 'models:/fraud/2', '--alias', 'production', '--reason', 'recall +3%', '--json'));
      assert.equal(answer.outcome, 'requested');
      const created = answer.request;
      assert.equal(created.state, 'pending');
      const self = await run('bob@risk', 'promotions', 'approve', created.request_id);
      assert.equal(self.code, 1);
      assert.match(self.stderr, /bob requested this promotion/);
      assert.equal(await cli('alice', 'promotions', 'approve', created.request_id, '--comment', 'lgtm'), `${created.request_id} pending: fraud@production -> version 2 (1/2 approvals)\n`);
      assert.equal(await cli('carol@risk', 'promotions', 'approve', created.request_id), `${created.request_id} approved: fraud@production -> version 2 (2/2 approvals)\n`);
      assert.match(await cli('x', 'models', 'history', 'fraud', '--alias', 'production'), /production/);
      const listed = await cli('x', 'promotions', 'list', '--model', 'fraud', '--state', 'approved');
      assert.match(listed, new RegExp(`${created.request_id}\\s+fraud\\s+2\\s+production\\s+approved\\s+2/2\\s+bob`));
      assert.match(await cli('x', 'promotions', 'get', created.request_id), /approved by\s+alice: lgtm/);
      const again = JSON.parse(await cli('bob', 'promote', 'models:/fraud/1', '--alias', 'production', '--reason', 'roll back', '--json')).request;
      assert.match(await cli('bob', 'promotions', 'cancel', again.request_id), /cancelled/);
      const usage = await run('bob', 'promote', 'models:/fraud@production', '--alias', 'production', '--reason', 'x');
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /expected a model version URI such as models:\/fraud\/7/);
    });
  });
}

/**
 * What `--help` promises matches what the commands do. SQLite only: option parsing is under
 * test; the views it passes on are checked on both databases by experiments.test.ts and
 * runs.test.ts here and in test/http.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { captureCli } from './capture-cli.js';

async function help(...command: string[]): Promise<string> {
  const result = await captureCli([...command, '--help']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.replace(/\s+/g, ' ');
}

describe('help text', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('--view shows the default it accepts, and takes MLflow\'s view names too', async () => {
    for (const command of [['experiments', 'list'], ['runs', 'list']]) {
      const text = await help(...command);
      assert.match(text, /--view <view> active, deleted or all .*\(default: active\)/);
      assert.doesNotMatch(text, /default: "ACTIVE_ONLY"/);
    }
    const env = { STRATA_TRACKING_URI: server.url };
    for (const view of ['active', 'ACTIVE_ONLY', 'DELETED_ONLY', 'deleted', 'ALL', 'all']) {
      const listed = await captureCli(['experiments', 'list', '--view', view, '--json'], env);
      assert.equal(listed.code, 0, `--view ${view}: ${listed.stderr}`);
      const runs = await captureCli(['runs', 'list', '--view', view, '--json'], env);
      assert.equal(runs.code, 0, `--view ${view}: ${runs.stderr}`);
    }
    const wrong = await captureCli(['experiments', 'list', '--view', 'gone'], env);
    assert.equal(wrong.code, 2);
  });

  it('data remote add names every kind of remote it takes, none as "later"', async () => {
    const text = await help('data', 'remote', 'add');
    assert.doesNotMatch(text, /later|for now/);
    assert.match(text, /s3:\/\/bucket\/prefix or strata:\/\/host:port/);
  });

  it('server --help promises no dashboard (there is none yet)', async () => {
    assert.doesNotMatch(await help('server'), /dashboard/i);
    assert.doesNotMatch(await help(), /dashboard/i);
  });

  it('shows no empty default for an optional argument', async () => {
    assert.doesNotMatch(await help('artifacts', 'download'), /default: ""/);
  });
});

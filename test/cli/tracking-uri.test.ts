import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { captureCli } from './capture-cli.js';

/**
 * Two servers, told apart by an experiment that exists on only one of them. SQLite only: which
 * server the CLI reaches is under test, not what it stores.
 */
describe('strata finds its server', () => {
  let strata: TestServer;
  let mlflow: TestServer;
  before(async () => {
    [strata, mlflow] = await Promise.all([startTestServer(), startTestServer()]);
    await strata.post('experiments/create', { name: 'on-strata' });
    await mlflow.post('experiments/create', { name: 'on-mlflow' });
  });
  after(() => Promise.all([strata.close(), mlflow.close()]));

  const list = async (env: NodeJS.ProcessEnv, extra: string[] = []) => {
    const result = await captureCli([...extra, 'experiments', 'list'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };

  it('uses STRATA_TRACKING_URI over MLFLOW_TRACKING_URI', async () => {
    const out = await list({ STRATA_TRACKING_URI: strata.url, MLFLOW_TRACKING_URI: mlflow.url });
    assert.match(out, /on-strata/);
    assert.doesNotMatch(out, /on-mlflow/);
  });

  it('falls back to MLFLOW_TRACKING_URI', async () => {
    assert.match(await list({ MLFLOW_TRACKING_URI: mlflow.url }), /on-mlflow/);
  });

  it('lets --tracking-uri override both', async () => {
    const env = { STRATA_TRACKING_URI: strata.url, MLFLOW_TRACKING_URI: strata.url };
    assert.match(await list(env, ['--tracking-uri', mlflow.url]), /on-mlflow/);
  });
});

// Regression guard: a script that never calls flush() or end() must still deliver its
// buffered points, through the beforeExit hook, when it runs out of work. SQLite only: the
// SDK's exit hook is under test, not the database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { StrataClient } from '../../src/client/index.js';

const run = promisify(execFile);
const clientUrl = new URL('../../src/client/index.ts', import.meta.url).href;

const script = `
import { createClientFromEnv } from ${JSON.stringify(clientUrl)};
const run = await createClientFromEnv(process.env).startRun({ experiment: 'exit-flush' });
for (let step = 0; step < 1500; step++) run.logMetric('loss', step, step);
console.log(run.runId);
`;

describe('metrics buffered at process exit', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('are flushed by the beforeExit hook', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, STRATA_TRACKING_URI: server.url },
    });
    const runId = stdout.trim();
    const history = await new StrataClient({ trackingUri: server.url }).getFullMetricHistory(runId, 'loss');
    assert.deepEqual(history.map((m) => m.step), [...Array(1500).keys()]);
  });
});

// The model version page in Chromium: the newest result of each evaluation gate (a failed one
// opened on its failing rules, values and deltas against the champion), an empty state that says
// how to run one, and links to the version's model card and technical documentation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- plain .mjs build script without types
import { buildWeb } from '../../scripts/build-web.mjs';
import { createClient } from '../../src/client/create-client.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

const SPEC = `name: offline-eval
champion: { alias: production }
rules:
  - metrics.auc >= 0.80
  - metrics.auc >= champion + 0.01
  - { slices: "metrics.recall/channel/*", op: ">=", value: 0.3 }
`;

describe('model version page: gates and cards in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    const { experiment_id } = (await server.post('experiments/create', { name: 'fraud' })).json;
    for (const [auc, atm] of [[0.85, 0.4], [0.855, 0.2]]) {
      const runId: string = (await server.post('runs/create', { experiment_id, start_time: Date.now(), run_name: `auc-${auc}` })).json.run.info.run_id;
      const metrics = [['auc', auc], ['recall/channel/online', 0.5], ['recall/channel/atm', atm]].map(([key, value]) => ({ key, value, timestamp: Date.now(), step: 0 }));
      await server.post('runs/log-batch', { run_id: runId, metrics });
      if (auc === 0.85) await server.post('registered-models/create', { name: 'fraud' });
      await server.post('model-versions/create', { name: 'fraud', source: `runs:/${runId}/model`, run_id: runId });
    }
    await server.post('registered-models/alias', { name: 'fraud', alias: 'production', version: '1' });
    const client = createClient({ trackingUri: server.url });
    const result = await client.gates.evaluate({ spec: SPEC, model_uri: 'models:/fraud/2', ci_job_url: 'https://ci.example.com/jobs/42' });
    assert.equal(result.status, 'failed');
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const noProblems = () => assert.deepEqual(watched.problems, [], 'console errors or failed requests');

  it('shows the failed gate opened on its failing rules, with values and deltas against the champion', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/models/fraud/versions/2`);
    const gate = page.getByTestId('gate-offline-eval');
    await gate.waitFor();
    assert.match((await gate.textContent()) ?? '', /failed/);
    assert.match((await gate.textContent()) ?? '', /1\/3/);
    assert.match((await gate.textContent()) ?? '', /v1 \(@production\)/);
    const rules = page.getByTestId('gate-rules');
    const firstRule = rules.locator('tbody tr').first();
    assert.match((await firstRule.textContent()) ?? '', /failed/, 'failed rules come first');
    assert.match((await rules.textContent()) ?? '', /-0\.005|\+0\.005/);
    await page.getByTestId('gate-results').scrollIntoViewIfNeeded();
    await watched.screenshot('model-version-gates');
    await gate.getByRole('button', { name: /offline-eval/ }).click();
    await rules.waitFor({ state: 'detached' });
    noProblems();
  });

  it('says how to run a gate when none has run, and links the model card', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/models/fraud/versions/1`);
    await page.getByTestId('gate-results').getByText('No gate has run on this version').waitFor();
    const href = await page.getByTestId('model-card-link').getAttribute('href');
    assert.ok(href !== null);
    const card = await fetch(href);
    assert.equal(card.status, 200);
    assert.match(card.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await card.text(), /fraud/);
    await watched.screenshot('model-version-no-gates');
    noProblems();
  });
});

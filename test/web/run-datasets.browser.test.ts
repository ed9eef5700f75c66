// A run's logged datasets on its page, linked to the dataset registry: one input logged the way
// MLflow's Python client sends it (JSON source, colspec schema, profile with num_rows, a
// `mlflow.data.context` tag) whose digest is also a registered version, and one that is not
// registered. Following the link opens the dataset version page, which lists the run back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { StrataClient } from '../../src/client/index.js';
import { createClient } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { axeViolations, describeViolations } from './helpers/axe.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';
const IRIS_DIGEST = 'a1b2c3d4e5f60718';

describe('run page datasets in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedPage;
  let experimentId = '';
  let runId = '';

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    const client = new StrataClient({ trackingUri: server.url });
    const sdk = createClient({ trackingUri: server.url });
    experimentId = await sdk.experiments.create('iris');
    runId = (await client.createRun({ experiment_id: experimentId, run_name: 'train-iris', start_time: Date.now() })).run.info.run_id;
    await client.logInputs({
      run_id: runId,
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: {
            name: 'iris-train',
            digest: IRIS_DIGEST,
            source_type: 'local',
            source: '{"uri": "/data/iris/train.csv"}',
            schema: '{"mlflow_colspec": [{"type": "double", "name": "sepal_length"}, {"type": "double", "name": "sepal_width"}, {"type": "string", "name": "species"}]}',
            profile: '{"num_rows": 120, "num_elements": 360}',
          },
        },
        { tags: [{ key: 'mlflow.data.context', value: 'eval' }], dataset: { name: 'iris-eval', digest: 'ff00ff00', source_type: 'http', source: '{"url": "https://example.com/iris-eval.csv"}' } },
      ],
    });
    await client.registerDatasetVersion({ name: 'iris', digest: IRIS_DIGEST, size: 4_551, file_count: 1, source_uri: 's3://data/iris/train.csv', schema: { columns: [{ name: 'sepal_length', type: 'double' }] } });
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  it('lists each logged dataset with its context, rows and schema, and links a registered digest to its version page', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}/runs/${runId}`);
    const table = page.getByTestId('run-datasets');
    await table.waitFor();
    const train = table.getByRole('row', { name: /iris-train/ });
    await train.getByRole('link', { name: 'iris v1' }).waitFor();
    assert.match(await train.innerText(), /training/);
    assert.match(await train.innerText(), /\/data\/iris\/train\.csv/);
    assert.match(await train.innerText(), /120/);
    assert.match(await train.innerText(), /sepal_length \(double\), sepal_width \(double\), species \(string\)/);
    const evalRow = table.getByRole('row', { name: /iris-eval/ });
    await evalRow.getByText('not registered').waitFor();
    assert.match(await evalRow.innerText(), /https:\/\/example\.com\/iris-eval\.csv/);
    await watched.screenshot('run-datasets');

    await train.getByRole('link', { name: 'iris v1' }).click();
    await page.getByTestId('dataset-version-title').waitFor();
    assert.equal(new URL(page.url()).pathname, '/datasets/iris/versions/1');
    const runs = page.getByTestId('dataset-runs');
    await runs.getByRole('link', { name: 'train-iris' }).waitFor();
    assert.match(await runs.innerText(), /training/);
    await watched.screenshot('dataset-version');
    assert.equal(describeViolations(await axeViolations(page)), '');

    await page.getByRole('link', { name: 'iris', exact: true }).click();
    await page.getByTestId('dataset-versions').getByRole('link', { name: 'v1' }).waitFor();
    assert.equal(describeViolations(await axeViolations(page)), '');
    assert.deepEqual(watched.problems, []);
  });

  it('says what to do when a run logged no datasets, and when a dataset version does not exist', async () => {
    const client = new StrataClient({ trackingUri: server.url });
    const bare = (await client.createRun({ experiment_id: experimentId, run_name: 'no-inputs', start_time: Date.now() })).run.info.run_id;
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}/runs/${bare}`);
    await page.getByText('No datasets logged.').waitFor();
    const missing = await openWatchedPage(browser, { allowStatuses: [404] });
    try {
      await missing.page.goto(`${server.url}/datasets/iris/versions/9`);
      await missing.page.getByTestId('error-state').waitFor();
      assert.match(await missing.page.getByTestId('error-state').innerText(), /Could not open dataset iris version 9/);
    } finally {
      await missing.close();
    }
    assert.deepEqual(watched.problems, []);
  });
});

// What a user does with selected runs in the runs table: tag them all at once, and compare them
// (the Compare button opens /compare with the runs in the URL, each with its own color).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { StrataClient } from '../../src/client/index.js';
import { createClient } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

describe('runs table selection in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedPage;
  let experimentId = '';
  const runIds: string[] = [];

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    const client = new StrataClient({ trackingUri: server.url });
    experimentId = await createClient({ trackingUri: server.url }).experiments.create('selection');
    const start = Date.now() - 60_000;
    for (const name of ['alpha', 'bravo', 'charlie', 'delta']) {
      const runId = (await client.createRun({ experiment_id: experimentId, run_name: name, start_time: start + runIds.length })).run.info.run_id;
      await client.logBatch({ run_id: runId, metrics: [{ key: 'loss', value: runIds.length / 10, timestamp: start, step: 0 }] });
      runIds.push(runId);
    }
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  it('tags every selected run at once and shows the tag in its column', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}?col=tags.reviewed`);
    for (const name of ['alpha', 'charlie']) await page.getByRole('checkbox', { name: `Select run ${name}` }).check();
    await page.getByTestId('selection-bar').getByRole('button', { name: 'Tag…' }).click();
    await page.getByRole('textbox', { name: 'Tag key' }).fill('reviewed');
    await page.getByRole('textbox', { name: 'Tag value' }).fill('yes');
    await watched.screenshot('runs-bulk-tag');
    await page.getByRole('button', { name: 'Set tag' }).click();
    await page.getByTestId('bulk-tag-form').waitFor({ state: 'detached' });
    const sdk = createClient({ trackingUri: server.url });
    const tagOf = async (i: number) => (await sdk.runs.get(runIds[i] ?? '')).data.tags?.find((t) => t.key === 'reviewed')?.value;
    assert.deepEqual([await tagOf(0), await tagOf(1), await tagOf(2), await tagOf(3)], ['yes', undefined, 'yes', undefined]);
    // The tag's column is unpinned: in the row's other part, which carries the run id too.
    await page.locator(`[data-run-id="${runIds[2]}"]`).getByText('yes').waitFor();
    assert.deepEqual(watched.problems, []);
  });

  it('opens the selected runs on the compare page, in the URL, one color each', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}`);
    const bar = () => page.getByTestId('selection-bar');
    await page.getByRole('checkbox', { name: 'Select run bravo' }).check();
    await bar().getByText('select 2+ runs to compare').waitFor();
    for (const name of ['alpha', 'delta']) await page.getByRole('checkbox', { name: `Select run ${name}` }).check();
    await bar().getByRole('link', { name: 'Compare' }).click();
    await page.getByTestId('compare-legend').waitFor();
    const compared = new URL(page.url()).searchParams.get('runs')?.split(',') ?? [];
    assert.deepEqual([...compared].sort(), [runIds[0], runIds[1], runIds[3]].sort());
    const legend = page.getByTestId('compare-legend');
    assert.deepEqual((await legend.getByRole('link').allInnerTexts()).sort(), ['alpha', 'bravo', 'delta']);
    const colors = await legend.locator('.swatch').evaluateAll((els) => els.map((el) => (el as unknown as { style: { borderColor: string } }).style.borderColor));
    assert.equal(new Set(colors).size, 3, 'each run has its own color');
    await legend.getByRole('button', { name: 'Hide bravo' }).click();
    await legend.getByRole('button', { name: 'Show bravo' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('hide'), runIds[1]);
    await page.reload();
    await legend.getByRole('button', { name: 'Show bravo' }).waitFor();
    assert.deepEqual(watched.problems, []);
  });

  it('selects every loaded run with the header box, shows a partial selection, and clears it', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}`);
    const all = page.getByRole('checkbox', { name: 'Select all loaded runs' });
    const selectedRows = page.locator('[data-testid=runs-grid] [role=row][data-run-id][aria-selected=true]');
    await page.getByRole('checkbox', { name: 'Select run bravo' }).check();
    assert.equal(await all.evaluate((box) => (box as unknown as { indeterminate: boolean }).indeterminate), true, 'some runs selected');
    await all.check();
    await page.getByTestId('selection-bar').getByText('4', { exact: true }).waitFor();
    assert.equal(await selectedRows.count(), 4);
    assert.equal(await all.evaluate((box) => (box as unknown as { indeterminate: boolean }).indeterminate), false);
    await all.uncheck();
    await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
    assert.equal(await selectedRows.count(), 0);
    assert.deepEqual(watched.problems, []);
  });

  it('asks for two runs when the compare link names fewer', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/compare?runs=${runIds[0]}`);
    await page.getByText('Pick at least two runs to compare').waitFor();
    assert.deepEqual(watched.problems, []);
  });
});

// Saved views of the runs table in Debian's Chromium: the current filter, sort and columns are
// saved under a name on the server, opened again from a plain page (the URL becomes the view's),
// overwritten with a changed sort, refused when the name is taken (the server's message shown),
// and deleted after a confirmation. Screenshots of the menu, light and dark.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { createClient } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { seedRunsTable, type SeededRunsTable } from './helpers/seed-runs-table.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';
const FILTER = "params.optimizer = 'sgd'";

describe('saved views of the runs table in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let seeded: SeededRunsTable;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    seeded = await seedRunsTable(server.url);
    browser = await launchChromium();
    // 400: saving under a taken name is answered RESOURCE_ALREADY_EXISTS on purpose.
    watched = await openWatchedPage(browser, { allowStatuses: [400] });
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const menu = () => watched.page.getByRole('dialog', { name: 'Saved views' });
  const viewsButton = () => watched.page.getByTestId('views-button');
  const rows = () => watched.page.locator('[data-testid=runs-grid][aria-busy=false] [role=row][data-run-id]');

  it('saves the current filter, sort and columns under a name', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}?filter=${encodeURIComponent(FILTER)}&sort=-metrics.accuracy&col=metrics.accuracy&col=params.lr`));
    await rows().first().waitFor();
    await viewsButton().click();
    await menu().getByText('No saved views yet').waitFor();
    await menu().getByLabel('Save the current view as').fill('sgd by accuracy');
    await menu().getByRole('button', { name: 'Save', exact: true }).click();
    await menu().getByTestId('saved-view').filter({ hasText: 'sgd by accuracy' }).waitFor();
    await viewsButton().filter({ hasText: 'Views: sgd by accuracy' }).waitFor();
    const stored = await createClient({ trackingUri: server.url }).views.list(seeded.experimentId);
    assert.equal(stored.length, 1);
    const state = new URLSearchParams(stored[0]?.state);
    assert.equal(state.get('filter'), FILTER);
    assert.equal(state.get('sort'), '-metrics.accuracy');
    assert.deepEqual(state.getAll('col'), ['metrics.accuracy', 'params.lr']);
    assert.deepEqual(watched.problems, []);
  });

  it('opens the saved view from a plain page: the URL and the table become the view’s', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}`));
    await rows().first().waitFor();
    await viewsButton().filter({ hasText: 'Views (1)' }).click();
    await menu().getByRole('button', { name: 'sgd by accuracy', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('filter') === FILTER && u.searchParams.get('sort') === '-metrics.accuracy');
    await page.locator('button[data-column="params.lr"]').waitFor();
    await page.getByTestId('run-count').filter({ hasText: /^16 runs$/ }).waitFor();
    const names = await rows().locator('[role=gridcell] a').allTextContents();
    assert.ok(names.length > 0 && names.every((n) => n.startsWith('sgd-')), names.join(', '));
    await viewsButton().filter({ hasText: 'Views: sgd by accuracy' }).waitFor();
    assert.deepEqual(watched.problems, []);
  });

  it('overwrites the view with a changed sort, and refuses a taken name with the server’s message', async () => {
    const { page } = watched;
    await page.locator('button[data-column="start_time"]').click();
    await page.waitForURL((u) => u.searchParams.get('sort') !== '-metrics.accuracy');
    await viewsButton().filter({ hasText: 'Views (1)' }).click();
    await menu().getByRole('button', { name: 'Overwrite sgd by accuracy with the current view' }).click();
    await viewsButton().filter({ hasText: 'Views: sgd by accuracy' }).waitFor();
    const [stored] = await createClient({ trackingUri: server.url }).views.list(seeded.experimentId);
    assert.equal(new URLSearchParams(stored?.state).get('filter'), FILTER);
    assert.notEqual(new URLSearchParams(stored?.state).get('sort'), '-metrics.accuracy');
    await menu().getByLabel('Save the current view as').fill('sgd by accuracy');
    await menu().getByRole('button', { name: 'Save', exact: true }).click();
    const alert = menu().getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /RESOURCE_ALREADY_EXISTS: A saved view named 'sgd by accuracy' already exists/);
    await menu().getByLabel('Save the current view as').fill('second view');
    await menu().getByRole('button', { name: 'Save', exact: true }).click();
    await menu().getByTestId('saved-view').nth(1).waitFor();
    await watched.screenshot('runs-saved-views');
    assert.deepEqual(watched.problems.filter((p) => !p.includes('HTTP 400')), []);
  });

  it('deletes a view after a confirmation', async () => {
    await menu().getByRole('button', { name: 'Delete second view' }).click();
    assert.equal(await menu().getByTestId('saved-view').count(), 2);
    await menu().getByRole('button', { name: 'Confirm deleting second view' }).click();
    await menu().getByTestId('saved-view').filter({ hasText: 'second view' }).waitFor({ state: 'detached' });
    assert.deepEqual((await createClient({ trackingUri: server.url }).views.list(seeded.experimentId)).map((v) => v.name), ['sgd by accuracy']);
  });

  it('shows the menu in the dark theme', async () => {
    const dark = await openWatchedPage(browser, { colorScheme: 'dark' });
    try {
      await dark.page.goto(url(`/experiments/${seeded.experimentId}`));
      await dark.page.getByTestId('views-button').click();
      await dark.page.getByRole('dialog', { name: 'Saved views' }).getByTestId('saved-view').first().waitFor();
      await dark.screenshot('runs-saved-views');
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });
});

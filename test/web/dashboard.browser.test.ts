// The dashboard driven as a person would, in Debian's Chromium (playwright-core), against a
// real server with data logged through the SDK: experiments list, an experiment's runs table
// (bad filter -> the server's message at its position, sort, add a column, scroll to load
// more), a run with its metric chart, the link to its registered model, and MLflow's hash
// links. Any console error, page error or failed request fails the test. Screenshots of
// every page, light and dark, go to <tmp>/strata-test-output/web (STRATA_TEST_OUTPUT).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { seedDashboard, type SeededDashboard } from './helpers/seed-dashboard.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

describe('dashboard in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let seeded: SeededDashboard;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    seeded = await seedDashboard(server.url);
    browser = await launchChromium();
    // 400: the bad filter below is answered with 400 on purpose.
    watched = await openWatchedPage(browser, { allowStatuses: [400] });
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const noProblems = () => assert.deepEqual(watched.problems, [], 'console errors or failed requests');

  it('lists experiments and opens one as a runs table', async () => {
    const { page } = watched;
    await page.goto(url('/'));
    await page.waitForURL(/\/experiments$/);
    const table = page.getByTestId('experiments-table');
    for (const name of ['mnist-baseline', 'fraud-detection', 'empty-experiment']) await table.getByRole('link', { name }).waitFor();
    const mnistRow = table.locator('tr', { has: page.getByRole('link', { name: 'mnist-baseline' }) });
    await mnistRow.getByTestId('run-count-cell').filter({ hasText: String(seeded.runCount) }).waitFor();
    await watched.screenshot('experiments');
    await table.getByRole('link', { name: 'mnist-baseline' }).click();
    await page.getByTestId('runs-grid').waitFor();
    await page.getByTestId('experiment-name').filter({ hasText: 'mnist-baseline' }).waitFor();
    assert.ok((await page.locator('[data-testid=runs-grid] [role=row][data-run-id]').count()) > 10);
    noProblems();
  });

  it('shows the server’s error for a bad filter, with a caret at its position', async () => {
    const { page } = watched;
    const filter = page.getByRole('combobox', { name: 'Filter runs' });
    await filter.fill('metrics.loss >> 1');
    await filter.press('Enter');
    const error = page.getByTestId('filter-error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    assert.match(text, /INVALID_PARAMETER_VALUE/);
    assert.match(text, /at position 15/);
    const caret = (await page.locator('.filter-caret').textContent()) ?? '';
    assert.equal(caret.split('\n')[1]?.indexOf('^'), 14, 'the caret sits under character 15');
    await watched.screenshot('experiment-bad-filter');
    await filter.fill("params.optimizer = 'sgd'");
    await filter.press('Enter');
    await page.getByTestId('filter-error').waitFor({ state: 'detached' });
    // The unfiltered rows stay on screen, marked busy, until the filtered page arrives (and the
    // grid is marked busy only from the render after the URL changed): wait for the rows themselves.
    await page.waitForURL(/filter=params\.optimizer/);
    const rowNames = page.locator('[data-testid=runs-grid] [role=row][data-run-id] a');
    const names = await waitForRows(rowNames, (all) => all.length > 0 && all.every((n) => n.startsWith('sgd-')));
    assert.ok(names.length > 0 && names.every((n) => n.startsWith('sgd-')), names.join(', '));
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    // The next tests start from the whole, unfiltered table.
    await page.waitForURL((url) => !url.search.includes('filter='));
    await waitForRows(rowNames, (all) => all.some((n) => !n.startsWith('sgd-')));
    noProblems();
  });

  it('sorts on the server by a column and keeps the sort in the URL', async () => {
    const { page } = watched;
    await page.locator('button[data-column=run_name]').click();
    await page.waitForURL(/sort=run_name/);
    await page.locator('[role=columnheader][aria-sort=ascending]').waitFor();
    const first = page.locator('[data-testid=runs-grid] [role=row][data-run-id] a').first();
    await page.locator('[data-testid=runs-grid][aria-busy=false]').waitFor();
    assert.equal(await first.textContent(), 'adam-lr0.1-000');
    await page.locator('button[data-column=run_name]').click();
    await page.waitForURL(/sort=-run_name/);
    await page.locator('[role=columnheader][aria-sort=descending]').waitFor();
    // The grid may not be busy yet when the URL changes (the fetch starts on the next render): wait for the new first row.
    await first.filter({ hasText: /^sgd-/ }).waitFor();
    assert.match((await first.textContent()) ?? '', /^sgd-/);
    noProblems();
  });

  it('adds a metric column from the column picker and sorts by it', async () => {
    const { page } = watched;
    await page.getByRole('button', { name: /^Columns/ }).click();
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('loss');
    await page.getByRole('dialog', { name: 'Choose columns' }).locator('label', { hasText: /^loss/ }).first().click();
    await page.getByRole('dialog', { name: 'Choose columns' }).locator('label', { hasText: /^lr/ }).waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.waitForURL(/col=metrics\.loss/);
    const header = page.locator('button[data-column="metrics.loss"]');
    await header.click();
    await page.waitForURL(/sort=-metrics\.loss/);
    await page.locator('[data-testid=runs-grid][aria-busy=false]').waitFor();
    const values = await page.locator('[data-testid=runs-grid] [data-run-id] [role=gridcell].num[title]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('title'))));
    assert.ok(values.length > 5);
    for (let i = 1; i < values.length; i++) assert.ok((values[i - 1] ?? 0) >= (values[i] ?? 0), `sorted descending: ${values.slice(0, 10).join(', ')}`);
    await watched.screenshot('experiment');
    noProblems();
  });

  it('draws the pinned cells of every row in one sticky pane, and lights both parts of a hovered row', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}?col=metrics.loss&col=params.lr`));
    const row = (i: number) => page.locator(`[data-testid=runs-grid] [role=row][data-row-index="${i}"]`);
    await row(5).waitFor();
    // A sticky box per row made each row a compositor layer of its own (a sort re-layered them all).
    const stickyInRows = await page.locator('[data-testid=runs-grid] [role=row][data-run-id] *').evaluateAll((els) => els.filter((e) => e.ownerDocument.defaultView?.getComputedStyle(e).position === 'sticky').length);
    assert.equal(stickyInRows, 0);
    // The row owns its unpinned cells (they lie in a layer under the pane).
    const owned = await row(3).getAttribute('aria-owns');
    assert.ok((await page.locator(`[id="${owned}"] [role=gridcell]`).count()) >= 2);
    await page.locator(`[id="${owned}"] [role=gridcell]`).last().hover();
    const background = (locator: ReturnType<typeof page.locator>) => locator.evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).backgroundColor);
    await page.locator(`[id="${owned}"][data-hover]`).waitFor();
    assert.equal(await background(row(3)), await background(page.locator(`[id="${owned}"]`)), 'both parts of the hovered row lit');
    assert.notEqual(await background(row(3)), await background(row(4)));
    noProblems();
  });

  it('loads the next keyset pages as the table is scrolled', async () => {
    const { page } = watched;
    const grid = page.getByTestId('runs-grid');
    // The count comes from the server's run stats before every page is loaded; the last row only once it is.
    assert.equal(await page.getByTestId('run-count').textContent(), `${seeded.runCount} runs`);
    assert.equal(await page.getByRole('grid').getAttribute('aria-rowcount'), String(seeded.runCount + 1), 'aria-rowcount is the total, not the rows loaded');
    const lastRow = page.locator(`[data-testid=runs-grid] [role=row][aria-rowindex="${seeded.runCount + 1}"]`);
    for (let i = 0; i < 20 && (await lastRow.count()) === 0; i++) {
      await grid.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(150);
    }
    await lastRow.waitFor();
    assert.ok((await page.locator('[data-testid=runs-grid] [role=row][data-run-id]').count()) < 120, 'rows are virtualized');
    noProblems();
  });

  it('opens a run with its overview, metric charts and artifacts', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}?filter=${encodeURIComponent(`attributes.run_name = '${seeded.runName}'`)}`));
    const link = page.locator('[data-testid=runs-grid] [role=row][data-run-id] a', { hasText: seeded.runName });
    // A real address (a new tab, a copied link), followed inside the app on a plain click: no page load.
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`^/experiments/${seeded.experimentId}/runs/\\w+$`));
    await page.evaluate('window.__samePage = true');
    await link.click();
    await page.getByTestId('run-overview').waitFor();
    assert.equal(await page.evaluate('window.__samePage'), true, 'the run opened without reloading the app');
    assert.equal(await page.getByTestId('run-name').textContent(), seeded.runName);
    const chart = page.getByTestId('metric-chart-loss');
    await chart.scrollIntoViewIfNeeded();
    await chart.locator('canvas').waitFor();
    assert.match((await chart.locator('figcaption').textContent()) ?? '', /120 points/);
    await page.getByTestId('artifact-tree').getByText('metrics.json').waitFor();
    await page.getByTestId('artifact-tree').getByRole('button', { name: /model\// }).click();
    await page.getByTestId('artifact-tree').getByText('MLmodel').waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await watched.screenshot('run');
    await chart.scrollIntoViewIfNeeded();
    await watched.screenshot('run-metrics');
    noProblems();
  });

  it('follows the run’s link to its registered model version and on to the model', async () => {
    const { page } = watched;
    await page.evaluate('window.scrollTo(0, 0)');
    await page.getByTestId('run-model-versions').getByRole('link', { name: `${seeded.modelName} v2` }).click();
    await page.getByTestId('model-version-title').waitFor();
    assert.equal(await page.getByTestId('source-run-link').textContent(), seeded.runName);
    await watched.screenshot('model-version');
    await page.getByRole('link', { name: `All versions of ${seeded.modelName}` }).click();
    await page.getByTestId('versions-table').waitFor();
    assert.match((await page.getByTestId('versions-table').textContent()) ?? '', /@champion/);
    await watched.screenshot('model');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    await page.getByTestId('models-table').getByRole('link', { name: seeded.modelName }).waitFor();
    await watched.screenshot('models');
    noProblems();
  });

  it('opens MLflow’s hash links on the matching pages', async () => {
    const { page } = watched;
    await page.goto(url(`/#/experiments/${seeded.experimentId}/runs/${seeded.runId}`));
    await page.waitForURL(url(`/experiments/${seeded.experimentId}/runs/${seeded.runId}`));
    await page.getByTestId('run-name').filter({ hasText: seeded.runName }).waitFor();
    await page.goto(url(`/#/experiments/${seeded.smallExperimentId}`));
    await page.waitForURL(url(`/experiments/${seeded.smallExperimentId}`));
    await page.getByTestId('experiment-name').filter({ hasText: 'fraud-detection' }).waitFor();
    await page.goto(url(`/#/models/${seeded.modelName}`));
    await page.getByTestId('model-name').waitFor();
    await page.goto(url(`/#/models/${seeded.modelName}/versions/1`));
    await page.waitForURL(url(`/models/${seeded.modelName}/versions/1`));
    await page.getByTestId('model-version-title').waitFor();
    noProblems();
  });

  it('shows empty states that say what to do, and renders every page in the dark theme', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.emptyExperimentId}`));
    await page.getByTestId('empty-state').getByText('No runs in this experiment yet').waitFor();
    await watched.screenshot('empty-experiment');
    const dark = await openWatchedPage(browser, { colorScheme: 'dark' });
    try {
      const pages: Array<[string, string, string]> = [
        ['experiments', '/experiments', 'experiments-table'],
        ['experiment', `/experiments/${seeded.experimentId}?col=metrics.loss&col=metrics.accuracy&col=params.lr&col=tags.team`, 'runs-grid'],
        ['run', `/experiments/${seeded.experimentId}/runs/${seeded.runId}`, 'run-overview'],
        ['models', '/models', 'models-table'],
        ['model', `/models/${seeded.modelName}`, 'versions-table'],
      ];
      for (const [name, path, testId] of pages) {
        await dark.page.goto(url(path));
        await dark.page.getByTestId(testId).waitFor();
        await dark.screenshot(name);
      }
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
    noProblems();
  });
});

/** The locator's texts once `done` holds for them (polled; the dashboard's CSP rules out waitForFunction), or the last ones after 10 s. */
async function waitForRows(rows: Locator, done: (texts: string[]) => boolean): Promise<string[]> {
  let texts = await rows.allTextContents();
  for (let i = 0; i < 200 && !done(texts); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    texts = await rows.allTextContents();
  }
  return texts;
}

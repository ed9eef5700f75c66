// Grouping the runs table by a param or tag in Debian's Chromium: the groups are the key's
// distinct values with their run counts (POST runs/values under the table's filter), a group
// opens to its runs (its value added to the filter) with the caret or Enter, the runs without the
// key form their own group, and everything is in the URL. Screenshots, light and dark.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { seedRunsTable, type SeededRunsTable } from './helpers/seed-runs-table.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

describe('runs grouped by a param or tag in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
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
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const groupRows = () => watched.page.locator('[data-testid=runs-grid] [role=row][data-group]');
  const runRows = () => watched.page.locator('[data-testid=runs-grid] [role=row][data-run-id]');

  it('groups by a param: one row per value with its run count', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}`));
    await runRows().first().waitFor();
    await page.getByRole('combobox', { name: 'Group by' }).selectOption('params.optimizer');
    await page.waitForURL((u) => u.searchParams.get('group') === 'params.optimizer');
    await groupRows().first().waitFor();
    assert.deepEqual(await groupRows().evaluateAll((rows) => rows.map((r) => r.textContent)), ['▸optimizer = adam16 runs', '▸optimizer = adamw16 runs', '▸optimizer = sgd16 runs']);
    assert.equal(await runRows().count(), 0);
    await page.getByTestId('run-count').filter({ hasText: `${seeded.runCount} runs in 3 groups` }).waitFor();
    assert.deepEqual(watched.problems, []);
  });

  it('opens a group to its runs with the caret, another with Enter, and keeps them in the URL', async () => {
    const { page } = watched;
    await page.getByRole('button', { name: 'Show the 16 runs with optimizer = sgd' }).click();
    await page.waitForURL((u) => u.searchParams.getAll('og').includes('v:sgd'));
    await runRows().first().waitFor();
    const names = await runRows().locator('[role=gridcell] a').allTextContents();
    assert.equal(names.length, 16);
    assert.ok(names.every((n) => n.startsWith('sgd-')), names.join(', '));
    await groupRows().filter({ hasText: 'optimizer = adam16' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.getAll('og').includes('v:adam'));
    await page.locator('[role=row][data-run-id] a', { hasText: 'adam-45' }).waitFor();
    assert.equal(await runRows().count(), 32);
    await watched.screenshot('runs-groups');
    assert.deepEqual(watched.problems, []);
  });

  it('applies the table’s filter to the groups, with a group for runs without the key (from a link, dark theme)', async () => {
    // 400: the bad filter at the end is answered with 400 on purpose.
    const dark = await openWatchedPage(browser, { colorScheme: 'dark', allowStatuses: [400] });
    try {
      const filter = "params.lr = '0.1' OR tags.team = 'nlp'";
      await dark.page.goto(url(`/experiments/${seeded.experimentId}?group=${encodeURIComponent('tags.data.split')}&og=v%3Aholdout&filter=${encodeURIComponent(filter)}&col=metrics.accuracy`));
      const groups = dark.page.locator('[data-testid=runs-grid] [role=row][data-group]');
      await groups.first().waitFor();
      // lr 0.1: i % 3 == 0; nlp: i odd. holdout: i % 4 == 0 (so lr 0.1: 0, 12, 24, 36) -> 4 runs; the rest train.
      const labels = await groups.evaluateAll((rows) => rows.map((r) => r.querySelector('.group-label')?.textContent));
      assert.deepEqual(labels, ['data.split = holdout', 'data.split = train']);
      await dark.page.locator('[role=row][data-run-id]').nth(3).waitFor();
      assert.equal(await dark.page.locator('[role=row][data-run-id]').count(), 4);
      await dark.screenshot('runs-groups');
      // Runs without the key: grouped by a tag only some runs have.
      await dark.page.goto(url(`/experiments/${seeded.experimentId}?group=${encodeURIComponent('tags.mlflow.parentRunId')}`));
      await dark.page.locator('[data-testid=runs-grid] [role=row][data-group]', { hasText: 'no mlflow.parentRunId' }).filter({ hasText: `${seeded.topLevelCount} runs` }).waitFor();
      // A bad filter while grouped: the server's error under the filter, and the table says why it is empty.
      await dark.page.goto(url(`/experiments/${seeded.experimentId}?group=params.lr&filter=${encodeURIComponent('params.lr >> 1')}`));
      await dark.page.getByTestId('filter-error').waitFor();
      await dark.page.getByText('Fix the filter or sort to see runs').waitFor();
      assert.deepEqual(dark.problems.filter((p) => !p.includes('HTTP 400')), []);
    } finally {
      await dark.close();
    }
  });
});

// The runs table among many keys, in Debian's Chromium: an experiment of 200 runs over 5,000
// distinct metric keys (logged through the SDK in log-batch calls) opens; the column picker
// lists the server's keys with run counts and finds one by search; the column is added, pinned
// and sorted by, resized and moved; with 300 columns shown only a screenful of cells is in the DOM. Screenshots
// (light and dark) of the table with many columns go to the test output folder. The full-size
// case (1,000 runs × 5,000 keys) is timed by bench/runs-table-columns.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { seedWideExperiment, wideKey, type WideExperiment } from './helpers/seed-wide.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';
const RUNS = 200;
const KEYS = 5_000;

describe('runs table with 5,000 keys in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let wide: WideExperiment;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    wide = await seedWideExperiment(server.url, { name: 'wide-5000', runs: RUNS, keys: KEYS, keysPerRun: 1_000 });
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const noProblems = () => assert.deepEqual(watched.problems, [], 'console errors or failed requests');
  const picker = () => watched.page.getByRole('dialog', { name: 'Choose columns' });

  it('opens the experiment and lists its 5,000 keys with run counts in the column picker', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${wide.experimentId}`));
    await page.getByTestId('runs-grid').waitFor();
    assert.equal(await page.getByRole('grid').getAttribute('aria-rowcount'), String(RUNS + 1));
    await page.getByRole('button', { name: /^Columns/ }).click();
    const search = page.getByRole('searchbox', { name: 'Search keys' });
    // 5,000 metrics, a param and two tags (shard, mlflow.runName).
    await search.and(page.locator(`[placeholder="Search ${(KEYS + 3).toLocaleString('en-GB')} keys"]`)).waitFor();
    // Virtualized: a screenful of those keys is in the DOM.
    const shown = await picker().locator('label.picker-item').count();
    assert.ok(shown > 5 && shown < 60, `${shown} picker rows rendered`);
    await watched.screenshot('column-picker');
    noProblems();
  });

  it('finds a key by search, adds it, pins it and sorts by it', async () => {
    const { page } = watched;
    const key = wideKey(4242);
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('4242/');
    const item = picker().locator('label.picker-item', { hasText: key });
    await item.waitFor();
    assert.equal(await picker().locator('label.picker-item').count(), 1);
    await watched.screenshot('column-picker-search');
    // Each key is logged by 40 of the 200 runs (1,000 keys per run).
    assert.equal(await item.locator('.num').textContent(), '40');
    await item.click();
    await page.keyboard.press('Escape');
    const column = `metrics.${key}`;
    await page.waitForURL((u) => u.searchParams.getAll('col').includes(column));
    await page.getByRole('button', { name: `Pin ${column}` }).click();
    await page.waitForURL((u) => u.searchParams.getAll('pin').includes(column));
    // The URL changes before React re-renders the header: wait for the pinned class, not the URL.
    const pinned = page.locator(`[role=columnheader].sticky:has(button[data-column="${column}"])`);
    await pinned.waitFor({ timeout: 10_000 });
    assert.match((await pinned.getAttribute('class')) ?? '', /\bsticky\b/, 'a pinned column sticks to the left');
    await page.locator(`button[data-column="${column}"]`).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === `-${column}`);
    await page.locator('[data-testid=runs-grid][aria-busy=false]').waitFor();
    const values = await page.locator('[data-testid=runs-grid] [data-run-id] [role=gridcell].num[title]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('title'))));
    assert.ok(values.length >= 20, `${values.length} values`);
    for (let i = 1; i < values.length; i++) assert.ok((values[i - 1] ?? 0) >= (values[i] ?? 0), `sorted descending: ${values.slice(0, 10).join(', ')}`);
    // The projection asked for that one metric: no other key's values reached the page.
    const body = await page.evaluate(async ([experimentId, k]) => {
      const res = await fetch('/api/strata/v1/runs/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ experiment_ids: [experimentId], max_results: 1, order_by: [`metrics.\`${k}\` DESC`], columns: { metrics: [k] } }) });
      return (await res.json()) as { runs: Array<{ data: { metrics?: unknown[] } }> };
    }, [wide.experimentId, key] as const);
    assert.equal(body.runs[0]?.data.metrics?.length, 1);
    noProblems();
  });

  it('resizes a column and keeps the width in the URL', async () => {
    const { page } = watched;
    const column = `metrics.${wideKey(4242)}`;
    const resizer = page.getByRole('separator', { name: `Resize ${column}` });
    const box = await resizer.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 80, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL((u) => u.searchParams.getAll('w').some((w) => w.endsWith(`:${column}`)));
    noProblems();
  });

  it('moves a column by dragging its header onto another, keeping the order in the URL', async () => {
    const { page } = watched;
    const first = `metrics.${wideKey(7)}`;
    const second = `metrics.${wideKey(8)}`;
    await page.goto(url(`/experiments/${wide.experimentId}?col=${encodeURIComponent(first)}&col=${encodeURIComponent(second)}`));
    await page.locator('[data-testid=runs-grid][aria-busy=false] [role=row][data-run-id]').first().waitFor();
    const header = (column: string) => page.locator(`[role=columnheader]:has(button[data-column="${column}"])`);
    await header(second).dragTo(header(first));
    await page.waitForURL((u) => u.searchParams.getAll('col').join(',') === `${second},${first}`);
    noProblems();
  });

  it('virtualizes columns: 300 shown columns put only a screenful of cells in the DOM (light and dark)', async () => {
    const columns = wide.keyNames.slice(0, 300).map((k) => `col=${encodeURIComponent(`metrics.${k}`)}`).join('&');
    const path = `/experiments/${wide.experimentId}?${columns}&pin=${encodeURIComponent(`metrics.${wide.keyNames[0]}`)}`;
    for (const colorScheme of ['light', 'dark'] as const) {
      const view = colorScheme === 'light' ? watched : await openWatchedPage(browser, { colorScheme });
      try {
        await view.page.goto(url(path));
        await view.page.locator('[data-testid=runs-grid][aria-busy=false] [role=row][data-run-id]').first().waitFor();
        const headerCells = await view.page.locator('[role=columnheader]').count();
        assert.ok(headerCells < 40, `${headerCells} header cells for 306 columns`);
        assert.equal(await view.page.getByRole('grid').getAttribute('aria-colcount'), '306');
        await view.screenshot('runs-many-columns');
        await view.page.getByTestId('runs-grid').evaluate((el) => el.scrollTo(el.scrollWidth / 2, 0));
        await view.page.locator(`button[data-column="metrics.${wide.keyNames[150]}"]`).waitFor();
        await view.screenshot('runs-many-columns-scrolled');
        assert.deepEqual(view.problems, []);
      } finally {
        if (view !== watched) await view.close();
      }
    }
  });
});

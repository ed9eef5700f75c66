// Scrolling the runs table through several keyset pages in Debian's Chromium: every run is listed
// once and in order as the pages load, a run selected on the first page stays selected after the
// next pages arrive, and a new sort replaces the loaded rows instead of adding to them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { StrataClient } from '../../src/client/index.js';
import { createClient } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

/** More than two of the table's 200-run pages. */
const RUNS = 450;

/** Scrolls the grid to its end until the last run is rendered (each scroll may load another page). */
async function scrollToLastRun(page: Page): Promise<void> {
  const grid = page.getByTestId('runs-grid');
  const last = page.locator(`[role=row][data-row-index="${RUNS - 1}"]`);
  for (let i = 0; i < 50 && (await last.count()) === 0; i++) {
    await grid.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForTimeout(100);
  }
  await last.waitFor();
}

/** Run names of the rows rendered now, by row index. */
async function renderedNames(page: Page): Promise<Map<number, string>> {
  const rows = await page.locator('[role=row][data-run-id]').evaluateAll((els) =>
    els.map((el) => [Number(el.getAttribute('data-row-index')), el.querySelector('[aria-colindex="2"]')?.textContent ?? ''] as const),
  );
  return new Map(rows);
}

describe('runs table paging in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedPage;
  let experimentId = '';

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    const client = new StrataClient({ trackingUri: server.url });
    experimentId = await createClient({ trackingUri: server.url }).experiments.create('paging');
    const start = Date.parse('2026-03-02T12:00:00Z');
    // run-000 is the oldest: newest first, the table lists run-449 … run-000; by score, run-000 is best.
    for (let i = 0; i < RUNS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, RUNS - i) }, async (_, j) => {
          const n = i + j;
          const runId = (await client.createRun({ experiment_id: experimentId, run_name: `run-${String(n).padStart(3, '0')}`, start_time: start + n * 1000 })).run.info.run_id;
          await client.logBatch({ run_id: runId, metrics: [{ key: 'score', value: RUNS - n, timestamp: start, step: 0 }] });
        }),
      );
    }
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  it('lists every run once and in order while scrolling through the pages, and keeps a selection made on the first page', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}?col=metrics.score`);
    await page.getByRole('checkbox', { name: 'Select run run-448' }).check();
    await scrollToLastRun(page);
    await page.getByTestId('run-count').filter({ hasText: `${RUNS} runs` }).waitFor();
    const atEnd = await renderedNames(page);
    assert.equal(atEnd.get(RUNS - 1), 'run-000');
    for (const [index, name] of atEnd) assert.equal(name, `run-${String(RUNS - 1 - index).padStart(3, '0')}`);
    await watched.screenshot('runs-paging-end');
    await page.getByTestId('runs-grid').evaluate((el) => {
      el.scrollTop = 0;
    });
    assert.equal(await page.getByRole('checkbox', { name: 'Select run run-448' }).isChecked(), true);
    assert.equal(await page.getByRole('checkbox', { name: 'Select run run-449' }).isChecked(), false);
    assert.equal(await page.locator('[role=row][data-run-id][aria-selected=true]').count(), 1);
    assert.deepEqual(watched.problems, []);
  });

  it('asks for the experiment’s keys only once the first rows have arrived', async () => {
    const { page } = watched;
    const events: string[] = [];
    const onRequest = (request: { url(): string }) => events.push(`request ${new URL(request.url()).pathname}`);
    const onResponse = (response: { url(): string }) => events.push(`response ${new URL(response.url()).pathname}`);
    page.on('request', onRequest);
    page.on('response', onResponse);
    // The rows answer slowly, as on a large experiment: the keys must still wait for them.
    await page.route('**/api/strata/v1/runs/search', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await page.goto(`${server.url}/experiments/${experimentId}?col=metrics.score`);
    await page.getByRole('button', { name: /^Columns/ }).click();
    await page.getByTestId('picker-list').getByText('score').waitFor();
    page.off('request', onRequest);
    page.off('response', onResponse);
    await page.unroute('**/api/strata/v1/runs/search');
    const rowsAnswered = events.indexOf('response /api/strata/v1/runs/search');
    const keysAsked = events.indexOf('request /api/strata/v1/experiments/keys');
    assert.ok(rowsAnswered >= 0 && keysAsked > rowsAnswered, events.join('\n'));
    assert.deepEqual(watched.problems, []);
  });

  it('replaces the loaded rows when the sort changes, and pages through the new order', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}?col=metrics.score`);
    await scrollToLastRun(page);
    await page.getByTestId('runs-grid').evaluate((el) => {
      el.scrollTop = 0;
    });
    // The click asks the server at once (before the page re-renders) and only once: the table's own
    // query finds it under way. Nothing else goes to the server (the page icon is a data: URL).
    const searches: string[] = [];
    const others: string[] = [];
    const onRequest = (request: { url(): string; postData(): string | null }) => {
      if (request.url().endsWith('/api/strata/v1/runs/search')) searches.push(request.postData() ?? '');
      else others.push(request.url());
    };
    page.on('request', onRequest);
    await page.locator('button.sort-button[data-column="metrics.score"]').click();
    // Metrics sort highest first: run-000 has the highest score.
    await page.locator('[role=row][data-row-index="0"][data-run-id]', { hasText: 'run-000' }).waitFor();
    page.off('request', onRequest);
    assert.equal(searches.length, 1, searches.join('\n'));
    assert.deepEqual(others, []);
    assert.deepEqual(JSON.parse(searches[0] as string).order_by, ['metrics.score DESC']);
    await scrollToLastRun(page);
    const atEnd = await renderedNames(page);
    for (const [index, name] of atEnd) assert.equal(name, `run-${String(index).padStart(3, '0')}`);
    assert.equal(await page.locator(`[role=row][data-row-index="${RUNS}"][data-run-id]`).count(), 0);
    assert.deepEqual(watched.problems, []);
  });
});

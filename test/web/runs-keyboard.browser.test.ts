// Keyboard navigation of the runs table in Debian's Chromium: the grid has one tab stop (a
// row); ↓/↑, PageDown/PageUp, Home/End move it, scrolling a row the virtualizer had not
// rendered into view with a visible focus ring; Space and x toggle a row's selection, Shift+click
// on a checkbox selects a range, Enter opens the run. Screenshot of the focus ring, light and dark.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { seedRunsTable, type SeededRunsTable } from './helpers/seed-runs-table.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

/** The focused row's index (0-based, from aria-rowindex), or undefined when focus is elsewhere. */
async function focusedRow(page: Page): Promise<number | undefined> {
  const row = page.locator('[role=row]:focus');
  if ((await row.count()) === 0) return undefined;
  return Number(await row.getAttribute('aria-rowindex')) - 2;
}

/** Whether the row with that index is in the DOM and wholly inside the grid's visible area, below the header. */
async function rowIsVisible(page: Page, index: number): Promise<boolean> {
  return page.getByTestId('runs-grid').evaluate((grid, i) => {
    const row = grid.querySelector(`[data-row-index="${i}"]`);
    const header = grid.querySelector('.grid-header');
    if (!row || !header) return false;
    const box = row.getBoundingClientRect();
    const area = grid.getBoundingClientRect();
    return box.top >= header.getBoundingClientRect().bottom - 1 && box.bottom <= area.top + grid.clientHeight + 1;
  }, index);
}

describe('runs table keyboard navigation in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
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
    // A short window, so most rows are out of view (and out of the DOM).
    await watched.page.setViewportSize({ width: 1200, height: 560 });
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.url}${path}`;

  it('has one tab stop in the grid and moves it with the arrow, page and Home/End keys', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}`));
    const grid = page.getByRole('grid', { name: 'Runs' });
    await grid.locator('[role=row][data-run-id]').first().waitFor();
    assert.equal(await grid.getAttribute('aria-multiselectable'), 'true');
    assert.equal(await grid.locator('[role=row][tabindex="0"]').count(), 1);
    await grid.locator('[role=row][tabindex="0"]').focus();
    assert.equal(await focusedRow(page), 0);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await focusedRow(page), 3);
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedRow(page), 2);
    await page.keyboard.press('PageDown');
    const afterPage = (await focusedRow(page)) ?? 0;
    assert.ok(afterPage > 8, `PageDown moved to ${afterPage}`);
    assert.ok(await rowIsVisible(page, afterPage), 'the focused row is scrolled into view');
    await page.keyboard.press('End');
    await page.locator('[role=row][aria-rowindex="49"]:focus').waitFor();
    assert.equal(await focusedRow(page), seeded.runCount - 1);
    assert.ok(await rowIsVisible(page, seeded.runCount - 1), 'the last row is scrolled into view');
    // Virtualized: the first row left the DOM.
    assert.equal(await grid.locator('[data-row-index="0"]').count(), 0);
    await page.keyboard.press('PageUp');
    await page.keyboard.press('Home');
    await page.locator('[role=row][aria-rowindex="2"]:focus').waitFor();
    assert.ok(await rowIsVisible(page, 0));
    assert.deepEqual(watched.problems, []);
  });

  it('toggles selection with Space and x, selects a range with Shift+click, and shows the focus ring', async () => {
    const { page } = watched;
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('x');
    const bar = page.getByTestId('selection-bar');
    await bar.filter({ hasText: '2 selected' }).waitFor();
    assert.equal(await page.locator('[role=row][aria-selected=true]').count(), 2);
    await page.keyboard.press('x');
    await bar.filter({ hasText: '1 selected' }).waitFor();
    // Shift+click: from the last clicked row (row 2, toggled by x) to row 6.
    await page.locator('[data-row-index="6"] input[type=checkbox]').click({ modifiers: ['Shift'] });
    await bar.filter({ hasText: '6 selected' }).waitFor();
    assert.deepEqual(
      await page.locator('[role=row][aria-selected=true]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-row-index')))),
      [0, 2, 3, 4, 5, 6],
    );
    await page.locator('[data-row-index="4"]').focus();
    await page.keyboard.press('ArrowDown');
    const ring = await page.locator('[data-row-index="5"]').evaluate((row) => row.ownerDocument.defaultView?.getComputedStyle(row, '::after').borderTopWidth);
    assert.equal(ring, '2px', 'the focused row shows a ring');
    await watched.screenshot('runs-keyboard-focus');
    assert.deepEqual(watched.problems, []);
  });

  it('opens the focused run with Enter', async () => {
    const { page } = watched;
    const runId = await page.locator('[data-row-index="5"]').getAttribute('data-run-id');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname.endsWith(`/runs/${runId}`));
    await page.getByTestId('run-name').waitFor();
    assert.deepEqual(watched.problems, []);
  });

  it('shows the focus ring in the dark theme', async () => {
    const dark = await openWatchedPage(browser, { colorScheme: 'dark' });
    try {
      await dark.page.setViewportSize({ width: 1200, height: 560 });
      await dark.page.goto(url(`/experiments/${seeded.experimentId}`));
      await dark.page.locator('[role=row][tabindex="0"]').focus();
      await dark.page.keyboard.press('ArrowDown');
      await dark.page.keyboard.press('Space');
      await dark.page.keyboard.press('ArrowDown');
      await dark.screenshot('runs-keyboard-focus');
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });
});

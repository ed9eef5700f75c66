// Nested runs grouped under their parent in Debian's Chromium: with "Group nested runs" on (in
// the URL), the table pages through top-level runs only, parents show how many nested runs they
// have, a parent's caret (or → / ← on its row) shows and hides its children (fetched with the
// parent filter, drawn indented under it), the user's filter applies to both, and a bad filter's
// error still points at the user's text. Screenshots, light and dark.
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

describe('nested runs under their parent in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
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
    // 400: a bad filter is answered with 400 on purpose.
    watched = await openWatchedPage(browser, { allowStatuses: [400] });
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const rows = () => watched.page.locator('[data-testid=runs-grid][aria-busy=false] [role=row][data-run-id]');
  const row = (runId: string) => watched.page.locator(`[role=row][data-run-id="${runId}"]`);

  it('shows top-level runs only, parents with their nested-run counts', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}`));
    await rows().first().waitFor();
    await page.getByRole('button', { name: 'Group nested runs' }).click();
    await page.waitForURL((u) => u.searchParams.get('nested') === '1');
    await page.getByTestId('run-count').filter({ hasText: `${seeded.topLevelCount} top-level runs` }).waitFor();
    assert.equal(await rows().count() <= seeded.topLevelCount, true);
    for (const parent of seeded.parents) {
      await row(parent.runId).locator('.child-count').filter({ hasText: String(parent.children.length) }).waitFor();
    }
    for (const child of seeded.parents.flatMap((p) => p.children)) assert.equal(await row(child).count(), 0, 'children are not top-level rows');
    assert.deepEqual(watched.problems, []);
  });

  it('expands a parent with its caret and with →, showing its children indented under it; ← hides them', async () => {
    const { page } = watched;
    const [first, second] = seeded.parents;
    assert.ok(first && second);
    await page.getByRole('button', { name: `Show the ${first.children.length} nested runs of ${first.runName}` }).click();
    await page.waitForURL((u) => u.searchParams.getAll('open').includes(first.runId));
    await row(first.children[0] ?? '').waitFor();
    const order = await rows().evaluateAll((list) => list.map((r) => r.getAttribute('data-run-id')));
    const at = order.indexOf(first.runId);
    assert.deepEqual(new Set(order.slice(at + 1, at + 1 + first.children.length)), new Set(first.children), 'children follow their parent');
    assert.equal(await row(first.children[0] ?? '').locator('.run-name-cell.depth-1').count(), 1);
    // The keyboard: → on the second parent's row.
    await row(second.runId).locator('.child-count').click();
    await page.keyboard.press('ArrowRight');
    await row(second.children[0] ?? '').waitFor();
    await watched.screenshot('runs-nested');
    await page.keyboard.press('ArrowLeft');
    await row(second.children[0] ?? '').waitFor({ state: 'detached' });
    assert.deepEqual(watched.problems, []);
  });

  it('applies the user’s filter to parents and children, and points a bad filter’s error at the user’s text', async () => {
    const { page } = watched;
    const [first] = seeded.parents;
    assert.ok(first);
    // Seed: children 40 (sgd), 41 (adamw), 42 (adam) of run 47 (adamw); optimizers cycle adam/sgd/adamw by index.
    const filter = "params.optimizer != 'sgd'";
    const box = page.getByRole('combobox', { name: 'Filter runs' });
    await box.fill(filter);
    await box.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('filter') === filter && u.searchParams.get('nested') === '1');
    await page.locator('[data-testid=runs-grid][aria-busy=false]').waitFor();
    await row(first.children[1] ?? '').waitFor();
    await row(first.children[0] ?? '').waitFor({ state: 'detached' });
    await row(first.runId).locator('.child-count').filter({ hasText: '2' }).waitFor();
    await box.fill('params.lr >> 1');
    await box.press('Enter');
    await page.getByTestId('filter-error').waitFor();
    assert.equal(await page.getByTestId('filter-highlight').locator('.tok-error').textContent(), '>');
    assert.deepEqual(watched.problems.filter((p) => !p.includes('HTTP 400')), []);
  });

  it('opens grouped and expanded from a link, in the dark theme', async () => {
    const [first] = seeded.parents;
    assert.ok(first);
    const dark = await openWatchedPage(browser, { colorScheme: 'dark' });
    try {
      await dark.page.goto(url(`/experiments/${seeded.experimentId}?nested=1&open=${first.runId}&col=metrics.accuracy`));
      await dark.page.locator(`[role=row][data-run-id="${first.children[2]}"]`).waitFor();
      await dark.screenshot('runs-nested');
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });
});

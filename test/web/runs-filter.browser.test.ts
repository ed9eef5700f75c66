// The filter box of the runs table in Debian's Chromium: the search language is highlighted as
// it is typed (a transparent input over a colored copy), prefixes, keys (with run counts) and
// operators are offered at the caret and taken with the keyboard (↓/↑/Enter/Tab/Escape) or the
// mouse, the list is an ARIA combobox, and a bad filter's error is marked where the server
// says it is. Screenshots of the open list and of the error, light and dark.
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

describe('runs filter box in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
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
  const filterBox = () => watched.page.getByRole('combobox', { name: 'Filter runs' });
  const options = () => watched.page.getByRole('listbox', { name: 'Filter suggestions' }).getByRole('option');

  it('completes a prefix, a key with its run count and an operator from the keyboard', async () => {
    const { page } = watched;
    await page.goto(url(`/experiments/${seeded.experimentId}`));
    await page.locator('[data-testid=runs-grid] [role=row][data-run-id]').first().waitFor();
    const box = filterBox();
    await box.click();
    await box.pressSequentially('met');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await options().allTextContents(), ['prefixmetrics.']);
    await box.press('Tab');
    assert.equal(await box.inputValue(), 'metrics.');
    // The keys of that kind, with how many runs have each.
    await options().filter({ hasText: 'accuracy' }).waitFor();
    assert.deepEqual((await options().allTextContents()).sort(), ['keyaccuracy48 runs', 'keyloss48 runs']);
    await box.pressSequentially('acc');
    await box.press('ArrowDown');
    assert.equal(await options().first().getAttribute('aria-selected'), 'true');
    assert.equal(await box.getAttribute('aria-activedescendant'), await options().first().getAttribute('id'));
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'metrics.accuracy ');
    // Operators for a number; the list then waits for a value.
    await options().filter({ hasText: '>=' }).waitFor();
    assert.equal(await options().filter({ hasText: 'LIKE' }).count(), 0);
    await box.pressSequentially('> 0.9');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await box.pressSequentially(' A');
    await options().filter({ hasText: 'AND' }).waitFor();
    await box.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await box.pressSequentially("ND tags.data");
    // A dotted key is inserted quoted, as the language needs.
    await options().filter({ hasText: 'data.split' }).click();
    assert.equal(await box.inputValue(), 'metrics.accuracy > 0.9 AND tags.`data.split` ');
    await box.pressSequentially("= 'train'");
    await watched.screenshot('runs-filter-typed');
    await box.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('filter') === "metrics.accuracy > 0.9 AND tags.`data.split` = 'train'");
    await page.locator('[data-testid=runs-grid][aria-busy=false]').waitFor();
    // accuracy = 0.5 + ((i*37) % 48)/100 > 0.9 for 7 runs, 6 of them with data.split = train (i % 4 != 0).
    await page.getByTestId('run-count').filter({ hasText: /^6 runs$/ }).waitFor();
    assert.deepEqual(watched.problems, []);
  });

  it('colors keys, operators, strings, numbers and keywords in the text', async () => {
    const spans = await watched.page.getByTestId('filter-highlight').locator('span').evaluateAll((list) => list.map((s) => [s.className, s.textContent]));
    const byClass = (c: string) => spans.filter(([cls]) => cls === c).map(([, text]) => text);
    assert.deepEqual(byClass('tok-key'), ['accuracy', '`data.split`']);
    assert.deepEqual(byClass('tok-keyword'), ['AND']);
    assert.deepEqual(byClass('tok-op'), ['>', '=']);
    assert.deepEqual(byClass('tok-number'), ['0.9']);
    assert.deepEqual(byClass('tok-string'), ["'train'"]);
    // The colored copy and the input's own (transparent) text are the same text at the same place.
    const style = (selector: string) =>
      watched.page.locator(selector).evaluate((el) => {
        const s = el.ownerDocument.defaultView?.getComputedStyle(el);
        return { box: [s?.fontFamily, s?.fontSize, s?.paddingLeft, s?.borderLeftWidth, s?.lineHeight].join('|'), text: 'value' in el ? String(el.value) : el.textContent };
      });
    const [input, mirror] = [await style('.filter-input'), await style('.filter-mirror')];
    const metrics = { font: input.box, mirror: mirror.box, text: input.text === mirror.text };
    assert.ok(metrics);
    assert.equal(metrics.font, metrics.mirror);
    assert.ok(metrics.text);
  });

  it('marks the token the server’s error points at, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const view = colorScheme === 'light' ? watched : await openWatchedPage(browser, { colorScheme, allowStatuses: [400] });
      try {
        await view.page.goto(url(`/experiments/${seeded.experimentId}?filter=${encodeURIComponent('metrics.loss < 1 AND params.lr >> 1')}`));
        await view.page.getByTestId('filter-error').waitFor();
        const marked = view.page.getByTestId('filter-highlight').locator('.tok-error');
        await marked.waitFor();
        assert.equal(await marked.textContent(), '>');
        // Typing a prefix shows the list over the error, with every kind of prefix.
        const box = view.page.getByRole('combobox', { name: 'Filter runs' });
        await box.click();
        await box.press('End');
        await box.press('Control+a');
        await box.pressSequentially('metrics.loss < 1 AND ');
        await view.page.getByRole('listbox', { name: 'Filter suggestions' }).getByRole('option').first().waitFor();
        await view.screenshot('runs-filter-suggestions');
        await box.press('Escape');
        await box.fill('metrics.loss < 1 AND params.lr >> 1');
        await view.screenshot('runs-filter-error');
        assert.deepEqual(view.problems, []);
      } finally {
        if (view !== watched) await view.close();
      }
    }
  });
});

// The compare page's analysis sections in Debian's Chromium, over 8 runs logged through the SDK:
// the diff table shows only the keys that differ until the toggle shows all; parallel coordinates
// draw one line per run (a categorical axis for the string param), a mouse drag on an axis brushes
// runs and "Keep only brushed" hides the others through the URL; hovering a line or a point shows
// the run's values; the scatter's axes are chosen from selects. The experiment page's parallel
// coordinates panel opens and brushes too. Screenshots in light and dark themes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { createClient } from '../../src/client/browser.js';
import { StrataClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';
const OPTIMIZERS = ['adam', 'sgd', 'adamw'];
const RUNS = 8;

interface Seeded {
  experimentId: string;
  runIds: string[];
  /** Two runs that logged one metric and no params. */
  bareRunIds: string[];
}

/** 8 runs: lr spread over decades, a string optimizer, batch size, a param all share, loss and accuracy, tags. */
async function seed(url: string): Promise<Seeded> {
  const sdk = createClient({ trackingUri: url });
  const client = new StrataClient({ trackingUri: url });
  const experimentId = await sdk.experiments.create('sweep');
  const runIds: string[] = [];
  for (let r = 0; r < RUNS; r++) {
    const { run } = await client.createRun({ experiment_id: experimentId, run_name: `trial-${r}`, start_time: 1_700_000_000_000 + r * 1000 });
    // Run 0 has the smallest batch and the highest loss: the scatter's top-left point.
    const loss = r === 0 ? 2 : 0.2 + ((r * 37) % 11) / 10;
    await client.logBatch({
      run_id: run.info.run_id,
      params: [
        { key: 'lr', value: ['0.1', '0.01', '0.001', '0.0001'][r % 4] ?? '0.1' },
        { key: 'optimizer', value: OPTIMIZERS[r % 3] ?? 'adam' },
        { key: 'batch_size', value: String(16 * 2 ** (r % 4) + (r === 0 ? 0 : 1)) },
        { key: 'dataset', value: 'cifar10' },
      ],
      metrics: [
        { key: 'loss', value: loss, timestamp: 1_700_000_000_000, step: 10 },
        { key: 'accuracy', value: 1 - loss / 3, timestamp: 1_700_000_000_000, step: 10 },
      ],
      tags: [{ key: 'team', value: r < 4 ? 'vision' : 'research' }, { key: 'owner', value: 'ana' }],
    });
    runIds.push(run.info.run_id);
  }
  const bare = await sdk.experiments.create('bare');
  const bareRunIds: string[] = [];
  for (let r = 0; r < 2; r++) {
    const { run } = await client.createRun({ experiment_id: bare, run_name: `bare-${r}` });
    await client.logBatch({ run_id: run.info.run_id, metrics: [{ key: 'loss', value: r, timestamp: 1_700_000_000_000, step: 0 }] });
    bareRunIds.push(run.info.run_id);
  }
  return { experimentId, runIds, bareRunIds };
}

/** Polls `test` until it holds (the page's CSP forbids string predicates in waitForFunction). */
async function until(what: string, test: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves when the parallel coordinates (inside `scope`) have drawn and `test` holds for their brushed count. */
async function waitForBrushed(page: Page, scope: string, test: (count: number) => boolean = () => true): Promise<void> {
  const plot = page.locator(`${scope} [data-testid=pc-plot]`.trim()).first();
  await until('the brushed count', async () => {
    const value = await plot.getAttribute('data-brushed-count');
    return value !== null && test(Number(value));
  });
}

/** WCAG 2.1 A/AA violations axe-core finds on the page (or in `scope`, a JS expression for an element), as `rule: targets` lines (the page's CSP allows no inline script, so axe is evaluated through CDP). */
async function axeViolations(page: Page, scope = 'document'): Promise<{ violations: string[]; passed: number }> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = (await page.evaluate(`axe.run(${scope}, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => ({ passed: r.passes.length, violations: r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')) }))`)) as { violations: string[]; passed: number };
  return result;
}

/** Scrolls a section's heading to the top of the page, for a screenshot of the whole section. */
async function showSection(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).first().evaluate((el) => {
    const section = (el as unknown as { closest(s: string): { scrollIntoView(o: unknown): void } | null }).closest('section, .analysis-panel');
    section?.scrollIntoView({ block: 'start' });
  });
}

/** Non-transparent pixels on a canvas: proof that something was drawn. */
async function inkedPixels(page: Page, selector: string): Promise<number> {
  // A string: this file has no DOM types.
  return (await page.evaluate(`(() => {
    const c = document.querySelector(${JSON.stringify(selector)});
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  })()`)) as number;
}

describe('compare page analysis in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let seeded: Seeded;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    seeded = await seed(server.url);
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const compareUrl = () => `${server.url}/compare?runs=${seeded.runIds.join(',')}`;
  const noProblems = () => assert.deepEqual(watched.problems, [], 'console errors or failed requests');
  const pc = () => watched.page.getByTestId('pc-plot').first();

  it('shows only the keys that differ, and every key after the toggle', async () => {
    const { page } = watched;
    await page.goto(compareUrl());
    const table = page.getByTestId('diff-table');
    await table.locator('tr[data-key="lr"]').waitFor();
    assert.equal(await table.locator('tr[data-key="dataset"]').count(), 0, 'a param every run shares is hidden');
    assert.equal(await table.locator('tr[data-key="owner"]').count(), 0);
    assert.equal(await table.locator('tr[data-key="team"]').count(), 1);
    // A run header per run, and highlighted cells where a run differs from the first.
    assert.equal(await table.locator('thead th').count(), RUNS + 1);
    assert.ok((await table.locator('td.changed').count()) > 0);
    assert.equal(await table.locator('tr[data-key="loss"] td.num').count(), RUNS);
    await showSection(page, 'diff-table');
    await watched.screenshot('compare-diff-only');
    // click, not uncheck: the box follows the URL, which the router updates a moment after the click.
    await table.getByLabel('Only differences').click();
    await page.waitForURL((u) => u.searchParams.get('diff') === 'all');
    await table.locator('tr[data-key="dataset"]').waitFor();
    assert.equal(await table.locator('tr[data-key="dataset"] td.changed').count(), 0);
    await table.getByLabel('Filter keys').fill('batch');
    await until('one key', async () => (await table.locator('tbody tr[data-key]').count()) === 1);
    await table.getByLabel('Filter keys').fill('');
    await until('every key', async () => (await table.locator('tbody tr[data-key]').count()) > 1);
    await showSection(page, 'diff-table');
    await watched.screenshot('compare-diff-all');
    noProblems();
  });

  it('draws parallel coordinates with a categorical axis for the string param', async () => {
    const { page } = watched;
    await page.goto(compareUrl());
    await pc().waitFor();
    await waitForBrushed(page, '');
    const axes = JSON.parse((await pc().getAttribute('data-axes')) ?? '[]') as string[];
    // Params that differ (not dataset), then the metrics.
    assert.deepEqual(axes, ['params.batch_size', 'params.lr', 'params.optimizer', 'metrics.accuracy', 'metrics.loss']);
    assert.equal(await pc().getAttribute('data-brushed-count'), String(RUNS));
    assert.ok((await inkedPixels(page, '[data-testid=pc-canvas]')) > 500, 'lines are drawn');
    assert.equal(await pc().locator('[data-axis="params.optimizer"]').getAttribute('data-scale'), 'categorical');
    const labels = await pc().locator('[data-axis="params.optimizer"] .pc-tick').allTextContents();
    assert.deepEqual(labels, ['adam', 'adamw', 'sgd']);
    // The lr axis can be logarithmic; the choice goes in the URL.
    await page.getByRole('button', { name: 'Log scale for params.lr' }).click();
    await page.waitForURL((u) => u.searchParams.get('log') === 'params.lr');
    await pc().locator('[data-axis="params.lr"][data-scale="log"]').waitFor();
    await showSection(page, 'pc-plot');
    await watched.screenshot('compare-parallel-coordinates');
    noProblems();
  });

  it('shows a run’s values when hovering its line', async () => {
    const { page } = watched;
    // The top of the optimizer axis is "sgd": runs 1, 4 and 7 pass through it.
    const box = await pc().locator('[data-axis="params.optimizer"] .pc-axis-hit').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + 1);
    const tip = page.getByTestId('pc-tooltip');
    await tip.waitFor();
    assert.match((await tip.textContent()) ?? '', /trial-(1|4|7)/);
    assert.match((await tip.textContent()) ?? '', /sgd/);
    await watched.screenshot('compare-parallel-coordinates-hover');
    await page.mouse.move(box.x - 200, box.y - 60);
    noProblems();
  });

  it('brushes an axis with the mouse and keeps only the brushed runs', async () => {
    const { page } = watched;
    const box = await pc().locator('[data-axis="metrics.loss"] .pc-axis-hit').boundingBox();
    assert.ok(box);
    const x = box.x + box.width / 2;
    // The lower half of the loss axis: runs with a low loss.
    await page.mouse.move(x, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(x, box.y + box.height * 0.75, { steps: 4 });
    await page.mouse.move(x, box.y + box.height + 4, { steps: 4 });
    await page.mouse.up();
    await waitForBrushed(page, '', (count) => count < RUNS);
    const brushed = Number(await pc().getAttribute('data-brushed-count'));
    assert.ok(brushed > 0 && brushed < RUNS, `${brushed} runs brushed`);
    assert.equal(await page.getByTestId('brushed-count').textContent(), `${brushed} of ${RUNS} runs brushed`);
    await watched.screenshot('compare-parallel-coordinates-brushed');
    await page.getByRole('button', { name: 'Keep only brushed' }).click();
    await page.waitForURL((u) => (u.searchParams.get('hide') ?? '').split(',').filter(Boolean).length === RUNS - brushed);
    await until('the hidden runs gone', async () => (await pc().getAttribute('data-runs')) === String(brushed));
    assert.equal(await page.getByTestId('compare-legend').locator('li.off').count(), RUNS - brushed);
    noProblems();
  });

  it('plots the chosen scatter columns and shows a point’s run on hover', async () => {
    const { page } = watched;
    await page.goto(compareUrl());
    const scatter = page.getByTestId('scatter');
    await scatter.waitFor();
    await page.getByLabel('Scatter x').selectOption('params.batch_size');
    await page.getByLabel('Scatter y').selectOption('metrics.loss');
    await page.waitForURL((u) => u.searchParams.get('sx') === 'params.batch_size' && u.searchParams.get('sy') === 'metrics.loss');
    const plot = page.getByTestId('scatter-plot');
    assert.equal(await plot.getAttribute('data-x'), 'params.batch_size');
    assert.equal(await plot.getAttribute('data-points'), String(RUNS));
    assert.ok((await inkedPixels(page, '[data-testid=scatter-canvas]')) > 50);
    await showSection(page, 'scatter');
    // Run 0 (smallest batch, highest loss) is the top-left point: look around the plot's corner.
    const box = await plot.boundingBox();
    assert.ok(box);
    const tip = page.getByTestId('scatter-tooltip');
    for (let dy = 0; dy < 40 && !(await tip.isVisible()); dy += 5) {
      for (let dx = 0; dx < 40 && !(await tip.isVisible()); dx += 5) await page.mouse.move(box.x + 60 + dx, box.y + 6 + dy);
    }
    assert.match((await tip.textContent()) ?? '', /trial-0/);
    await watched.screenshot('compare-scatter-hover');
    // A categorical column on an axis.
    await page.getByLabel('Scatter x').selectOption('params.optimizer');
    await plot.locator('text.plot-tick', { hasText: 'adamw' }).waitFor();
    noProblems();
  });

  it('opens parallel coordinates over the experiment’s runs and brushes them', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await page.getByTestId('pc-toggle').click();
    await page.waitForURL((u) => u.searchParams.get('pcp') === '1');
    const plot = page.getByTestId('experiment-pc').getByTestId('pc-plot');
    await plot.waitFor();
    await waitForBrushed(page, '[data-testid=experiment-pc]');
    assert.equal(await plot.getAttribute('data-runs'), String(RUNS));
    const box = await plot.locator('[data-axis="params.lr"] .pc-axis-hit').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y - 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.4, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('experiment-pc').getByTestId('brushed-count').waitFor();
    const brushed = Number(await plot.getAttribute('data-brushed-count'));
    assert.ok(brushed > 0 && brushed < RUNS, `${brushed} runs brushed`);
    await page.getByRole('button', { name: 'Select these' }).click();
    await page.getByTestId('selection-bar').waitFor();
    assert.match((await page.getByTestId('selection-bar').textContent()) ?? '', new RegExp(`${brushed}\\s*selected`));
    await watched.screenshot('experiment-parallel-coordinates');
    // The panel only: the rest of the experiment page is the runs table's.
    assert.deepEqual((await axeViolations(page, `document.querySelector('[data-testid=experiment-pc]')`)).violations, []);
    noProblems();
  });

  it('passes axe’s WCAG 2.1 AA rules on the compare page', async () => {
    const { page } = watched;
    await page.goto(`${compareUrl()}&diff=all`);
    await waitForBrushed(page, '');
    await page.getByTestId('scatter-plot').waitFor();
    const { violations, passed } = await axeViolations(page);
    assert.deepEqual(violations, []);
    assert.ok(passed > 10, `axe ran (${passed} rules passed)`);
  });

  it('says what to log when the runs have too little to plot', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/compare?runs=${seeded.bareRunIds.join(',')}`);
    const empty = page.getByTestId('empty-state').filter({ hasText: 'Only one param or metric to plot' });
    await empty.first().waitFor();
    // Parallel coordinates and scatter both say so, and that no params are logged.
    assert.equal(await empty.count(), 2);
    assert.match((await empty.first().textContent()) ?? '', /No params are logged: log hyperparameters with log_param/);
    await showSection(page, 'diff-table');
    await watched.screenshot('compare-analysis-empty');
    noProblems();
  });

  it('looks right in the dark theme', async () => {
    const dark = await openWatchedPage(browser, { colorScheme: 'dark' });
    try {
      await dark.page.goto(`${compareUrl()}&diff=all`);
      await dark.page.getByTestId('pc-plot').waitFor();
      await waitForBrushed(dark.page, '');
      await showSection(dark.page, 'pc-plot');
      await dark.screenshot('compare-parallel-coordinates');
      await showSection(dark.page, 'scatter');
      await dark.screenshot('compare-scatter');
      await showSection(dark.page, 'diff-table');
      await dark.screenshot('compare-diff-all');
      await dark.page.goto(`${server.url}/experiments/${seeded.experimentId}?pcp=1`);
      await dark.page.getByTestId('pc-plot').waitFor();
      await dark.screenshot('experiment-parallel-coordinates');
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });
});

// The compare page's metric charts in Debian's Chromium, against a real server: three runs seeded
// through the SDK are selected in the runs table and compared; one chart per metric overlays them;
// the x axis, log scale and smoothing switch; dragging across a chart zooms and re-fetches finer
// buckets (the spike inside the window is still the band's top); hiding a run removes it; hovering
// lists each run's value; a reload keeps the settings; a running run's new points appear without a
// reload; a metric with only NaN says so. Screenshots of each state (light, and dark at the end).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

import { SCREENSHOT_DIR, browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { SPIKE_STEP, SPIKE_VALUE, seedCompare, type SeededCompare } from './helpers/seed-compare.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

describe('compare page metric charts in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let seeded: SeededCompare;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    seeded = await seedCompare(server.url);
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const noProblems = () => assert.deepEqual(watched.problems, [], 'console errors or failed requests');
  const chart = (key: string) => watched.page.getByTestId(`compare-chart-${key}`);
  const plot = (key: string) => chart(key).locator('.envelope-chart');
  /** Waits until the chart has drawn an answer that is not being replaced, and returns its data attributes. */
  async function settled(key: string): Promise<{ points: number; buckets: number; ymax: number; lines: number }> {
    const locator = chart(key).locator('.envelope-chart[data-state=ready][data-fetching=false]');
    await locator.waitFor({ timeout: 15_000 });
    const read = async (name: string) => Number(await locator.getAttribute(`data-${name}`));
    return { points: await read('points'), buckets: await read('buckets'), ymax: await read('ymax'), lines: await read('lines') };
  }
  const url = () => new URL(watched.page.url());
  /** One chart up close (the page screenshot is too small to judge lines and bands). */
  const shootChart = (key: string, name: string) => chart(key).screenshot({ path: join(SCREENSHOT_DIR, `${name}-light.png`) });
  /** Polls a chart's data-points until `ok` holds (a refetch lands in the background). */
  async function pointsUntil(key: string, ok: (points: number) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = Number.NaN;
    while (Date.now() < deadline) {
      last = Number(await plot(key).getAttribute('data-points'));
      if (ok(last)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`${key}: data-points stayed ${last}`);
  }

  it('selects three runs in the runs table, compares them and draws one chart per metric', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    for (const name of ['alpha', 'beta', 'gamma']) await page.getByRole('checkbox', { name: `Select run ${name}` }).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL((u) => u.pathname === '/compare');
    await page.getByTestId('compare-charts').waitFor();
    const keys = await page.locator('[data-testid^=compare-chart-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')));
    assert.deepEqual(keys, ['accuracy', 'grad_norm_nan', 'loss']);
    const loss = await settled('loss');
    assert.equal(loss.points, 2000 + 2000 + 500);
    assert.equal(loss.lines, 3);
    assert.equal(loss.ymax, SPIKE_VALUE, 'the spike is the band’s top at full view');
    assert.ok(loss.buckets < loss.points, `${loss.buckets} buckets summarize ${loss.points} points`);
    await chart('grad_norm_nan').getByText('Only NaN values').waitFor();
    await watched.screenshot('compare-charts');
    await shootChart('accuracy', 'compare-chart-accuracy');
    noProblems();
  });

  it('draws each chart once when its answer arrives, not a second time for the size it starts at', async () => {
    const { page } = watched;
    // uPlot clears its canvas once per redraw: count them per canvas.
    await page.addInitScript(`(() => {
      const clear = CanvasRenderingContext2D.prototype.clearRect;
      CanvasRenderingContext2D.prototype.clearRect = function (...args) {
        this.canvas.dataset.clears = String(Number(this.canvas.dataset.clears ?? 0) + 1);
        return clear.apply(this, args);
      };
    })()`);
    await page.reload();
    for (const key of ['accuracy', 'loss']) await settled(key);
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const clears = await page.locator('[data-testid^=compare-chart-] canvas').evaluateAll((els) => els.map((c) => c.getAttribute('data-clears')));
    assert.deepEqual(clears, ['1', '1'], 'accuracy and loss drawn once each (grad_norm_nan has no canvas)');
  });

  /**
   * A chart's canvas read back, per run color (in the legend's order): the highest translucent
   * (band) pixel within 4 px of `atX` (0…1 across the plot), as 0…1 of the plot from its top, and
   * how many pixels are opaque in that color (its line).
   */
  async function painted(key: string, atX: number): Promise<Array<{ bandTop: number; opaque: number }>> {
    const colors = await watched.page.getByTestId('compare-legend').locator('.swatch').evaluateAll((els) => els.map((e) => e.ownerDocument.defaultView?.getComputedStyle(e).backgroundColor ?? ''));
    return plot(key).evaluate((root, args) => {
      const canvas = root.querySelector('canvas');
      const over = root.querySelector('.u-over');
      if (canvas === null || over === null) throw new Error('no canvas');
      const c = canvas.getBoundingClientRect();
      const o = over.getBoundingClientRect();
      const scale = canvas.width / c.width;
      const width = Math.round(o.width * scale);
      const height = Math.round(o.height * scale);
      const pixels = canvas.getContext('2d')?.getImageData(Math.round((o.left - c.left) * scale), Math.round((o.top - c.top) * scale), width, height).data;
      if (pixels === undefined) throw new Error('no 2d context');
      const x0 = Math.round(width * args.atX);
      return args.colors.map((color) => {
        const rgb = (color.match(/\d+/g) ?? []).slice(0, 3).map(Number);
        let bandTop = 1;
        let opaque = 0;
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 4;
            // (Inline, no helper: the test runner's transform names functions, which the page cannot resolve.)
            if (!rgb.every((v: number, j: number) => Math.abs((pixels[i + j] ?? 0) - v) <= 6)) continue;
            if (pixels[i + 3] === 255) opaque++;
            else if (Math.abs(x - x0) <= 4) bandTop = Math.min(bandTop, y / height);
          }
        }
        return { bandTop, opaque };
      });
    }, { colors, atX });
  }

  it('paints alpha’s band up to its spike in alpha’s color, and each run’s line', async () => {
    await settled('loss');
    await settled('accuracy');
    // The y axis tops out a little above the spike (50; the rest of the loss is under 3): alpha's
    // translucent band reaches the top fifth of the plot there, nobody else's does.
    const [alpha, beta, gamma] = await painted('loss', SPIKE_STEP / 1999);
    assert.ok(alpha !== undefined && alpha.bandTop < 0.2, `alpha’s band at the spike reaches ${alpha?.bandTop.toFixed(2)} of the plot from the top`);
    for (const other of [beta, gamma]) assert.ok(other !== undefined && other.bandTop > 0.8, `another run’s band stays low (${other?.bandTop.toFixed(2)})`);
    // On accuracy the three lines lie apart: each is drawn, opaque, in its run's color.
    for (const [i, run] of (await painted('accuracy', 0.5)).entries()) assert.ok(run.opaque > 50, `run ${i}’s line: ${run.opaque} opaque px in its color`);
  });

  it('hovering lists every shown run’s value at that x', async () => {
    const box = await plot('loss').locator('.u-over').boundingBox();
    assert.ok(box);
    await watched.page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    const panel = chart('loss').getByTestId('chart-hover');
    await panel.waitFor();
    const rows = await panel.locator('tr').allTextContents();
    assert.equal(rows.length, 3);
    for (const name of ['alpha', 'beta', 'gamma']) assert.ok(rows.some((r) => r.includes(name)), `${name} in ${rows.join(' | ')}`);
    await watched.screenshot('compare-charts-hover');
    await watched.page.mouse.move(0, 0);
  });

  it('drag-zooms into a window and re-fetches finer buckets there; the spike stays the top', async () => {
    const { page } = watched;
    const box = await plot('loss').locator('.u-over').boundingBox();
    assert.ok(box);
    const request = page.waitForRequest((r) => r.url().endsWith('/metrics/envelope') && (r.postData() ?? '').includes('x_min'));
    // x runs over steps 0…1,999: 60%–64% of the width is about steps 1,199–1,279, around the spike.
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.64, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    await request;
    const zoom = (url().searchParams.get('zoom') ?? '').split(',').map(Number);
    assert.equal(zoom.length, 2);
    const [lo = 0, hi = 0] = zoom;
    assert.ok(lo < SPIKE_STEP && SPIKE_STEP < hi, `zoom ${lo}–${hi} holds the spike`);
    await pointsUntil('loss', (n) => n < 1000);
    const loss = await settled('loss');
    // Only alpha's and beta's steps inside the window (gamma stops at 499); one point per bucket.
    const inWindow = Math.floor(hi) - Math.ceil(lo) + 1;
    assert.ok(Math.abs(loss.points - 2 * inWindow) <= 4, `${loss.points} points for a ${inWindow}-step window`);
    assert.equal(loss.buckets, loss.points, 'zoomed in, every bucket is one point');
    assert.equal(loss.ymax, SPIKE_VALUE);
    await watched.screenshot('compare-charts-zoomed');
    // Every chart shares the window.
    const accuracy = await settled('accuracy');
    assert.ok(accuracy.points < 300);
    noProblems();
  });

  it('switches to relative time, log scale and EMA smoothing, all kept in the URL', async () => {
    const { page } = watched;
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await page.waitForURL((u) => !u.searchParams.has('zoom'));
    await page.getByRole('button', { name: 'Relative time' }).click();
    await page.waitForURL((u) => u.searchParams.get('x') === 'relative');
    await settled('loss');
    // The box follows the URL: click, then wait for the URL (check() would re-read it too early).
    await page.getByRole('checkbox', { name: 'Log y' }).click();
    await page.waitForURL((u) => u.searchParams.get('y') === 'log');
    await page.getByRole('combobox', { name: 'Smoothing' }).selectOption('ema');
    await page.waitForURL((u) => u.searchParams.get('smooth') === 'ema:0.6');
    await page.getByRole('slider', { name: 'EMA weight' }).fill('0.9');
    await page.waitForURL((u) => u.searchParams.get('smooth') === 'ema:0.9');
    const loss = await settled('loss');
    assert.equal(loss.ymax, SPIKE_VALUE, 'smoothing touches the line, never the band');
    await watched.screenshot('compare-charts-relative-log-ema');
    await shootChart('loss', 'compare-chart-loss-log-ema');
    noProblems();
  });

  it('hides a run from every chart', async () => {
    const { page } = watched;
    await page.getByRole('button', { name: 'Hide alpha' }).click();
    await page.waitForURL((u) => u.searchParams.has('hide'));
    const loss = await settled('loss');
    assert.equal(loss.lines, 2);
    assert.ok(loss.ymax < SPIKE_VALUE, 'alpha’s spike left with alpha');
    assert.equal((await settled('accuracy')).lines, 2);
    await watched.screenshot('compare-charts-hidden');
  });

  it('keeps every setting after a reload', async () => {
    const { page } = watched;
    await page.reload();
    await settled('loss');
    assert.equal(await page.getByRole('button', { name: 'Relative time' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('checkbox', { name: 'Log y' }).isChecked(), true);
    assert.equal(await page.getByRole('combobox', { name: 'Smoothing' }).inputValue(), 'ema');
    assert.equal(await page.getByRole('slider', { name: 'EMA weight' }).inputValue(), '0.9');
    assert.equal((await settled('loss')).lines, 2);
    noProblems();
  });

  it('shows a running run’s new points without a reload', async () => {
    const { page } = watched;
    await page.getByRole('button', { name: 'Show alpha' }).click();
    await page.getByRole('button', { name: 'Step' }).click();
    const before = await settled('loss');
    assert.equal(before.points, 4500);
    await seeded.logGamma(500, 800);
    await pointsUntil('loss', (n) => n === 4800, 20_000);
    noProblems();
  });

  it('the run page draws the same envelope and zooms with a finer re-fetch', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${seeded.experimentId}/runs/${seeded.runIds.alpha}`);
    const figure = page.getByTestId('metric-chart-loss');
    await figure.scrollIntoViewIfNeeded();
    const ready = figure.locator('.envelope-chart[data-state=ready][data-fetching=false]');
    await ready.waitFor();
    assert.equal(await ready.getAttribute('data-points'), '2000');
    assert.equal(await ready.getAttribute('data-ymax'), String(SPIKE_VALUE));
    const box = await figure.locator('.u-over').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    await figure.getByRole('button', { name: 'reset zoom' }).waitFor();
    await figure.locator('.envelope-chart[data-fetching=false][data-points]:not([data-points="2000"])').waitFor();
    assert.equal(await figure.locator('.envelope-chart').getAttribute('data-ymax'), String(SPIKE_VALUE), 'the spike at step 1,234 is inside 55–70% of 0–1,999');
    await watched.screenshot('run-metric-zoomed');
    await figure.getByRole('button', { name: 'reset zoom' }).click();
    await figure.locator('.envelope-chart[data-fetching=false][data-points="2000"]').waitFor();
    noProblems();
  });

  it('past 20 metric keys, charts the first 20 and offers a searchable chooser kept in the URL', async () => {
    const { page } = watched;
    const wideRun = await seeded.logWideRun(25);
    await page.goto(`${server.url}/compare?runs=${seeded.runIds.alpha},${wideRun}`);
    await page.getByTestId('compare-charts').waitFor();
    // alpha's 3 keys + 25 = 28 keys; the first 20 (sorted) are drawn.
    assert.equal(await page.locator('[data-testid^=compare-chart-]').count(), 20);
    await page.getByRole('button', { name: /^Metrics/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose metrics' });
    await dialog.getByRole('searchbox', { name: 'Search metrics' }).fill('wide_24');
    await dialog.locator('label', { hasText: 'wide_24' }).click();
    await page.waitForURL((u) => u.searchParams.getAll('metric').includes('wide_24'));
    await chart('wide_24').waitFor();
    assert.equal(await page.locator('[data-testid^=compare-chart-]').count(), 21);
    await watched.screenshot('compare-charts-chooser');
    await page.keyboard.press('Escape');
    noProblems();
  });

  it('compares runs of two experiments, in the order the URL lists them', async () => {
    const { page } = watched;
    // The page reads the first run, the rest of its experiment in one search, and the others one by one.
    const other = (await server.post('experiments/create', { name: `compare-elsewhere-${Date.now()}` })).json.experiment_id as string;
    const elsewhere = (await server.post('runs/create', { experiment_id: other, run_name: 'elsewhere', start_time: seeded.startMs })).json.run.info.run_id as string;
    const metrics = Array.from({ length: 10 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step, timestamp: seeded.startMs + step * 1000 }));
    assert.equal((await server.post('runs/log-batch', { run_id: elsewhere, metrics })).status, 200);
    await page.goto(`${server.url}/compare?runs=${seeded.runIds.beta},${elsewhere},${seeded.runIds.alpha}`);
    const legend = page.getByTestId('compare-legend');
    await legend.waitFor();
    const names = await legend.getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.deepEqual(names, ['Hide beta', 'Hide elsewhere', 'Hide alpha']);
    const loss = await settled('loss');
    assert.equal(loss.lines, 3);
    assert.equal(loss.points, 2000 + 10 + 2000);
    noProblems();
  });

  it('shows the server’s error message in the chart it concerns', async () => {
    const failing = await openWatchedPage(browser, { allowStatuses: [400] });
    try {
      // The one way to make this server refuse a valid request: answer for it, as a proxy or an older server would.
      await failing.page.route('**/api/strata/v1/metrics/envelope', (route) =>
        route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message: 'buckets must be at most 10000' }) }));
      await failing.page.goto(`${server.url}/compare?runs=${seeded.runIds.alpha},${seeded.runIds.beta}`);
      const alert = failing.page.getByTestId('compare-chart-loss').getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /Could not load this metric.*INVALID_PARAMETER_VALUE: buckets must be at most 10000/);
      await failing.screenshot('compare-charts-error');
      assert.deepEqual(failing.problems, []);
    } finally {
      await failing.close();
    }
  });

  it('looks right in the dark theme', async () => {
    const dark = await openWatchedPage(browser, { colorScheme: 'dark' });
    try {
      await dark.page.goto(`${server.url}/compare?runs=${[seeded.runIds.alpha, seeded.runIds.beta, seeded.runIds.gamma].join(',')}&y=log&smooth=ema:0.9`);
      await dark.page.getByTestId('compare-chart-loss').locator('.envelope-chart[data-state=ready]').waitFor();
      await dark.screenshot('compare-charts');
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });
});


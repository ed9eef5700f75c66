/**
 * Parallel coordinates over 10,000 runs (issue 12: "stays interactive"): a sweep of 10,000 runs
 * with 10 params and 5 metrics, seeded through the store into a SQLite file, served by a real
 * server, opened on the experiment page's parallel coordinates panel in Debian's Chromium
 * (playwright-core, built app).
 *
 * Prints:
 *  - panel open: click on "Parallel coordinates" → 10,000 runs loaded (10 projection pages) and drawn;
 *  - brush update, over many mouse drags on the axes (real input events through CDP): the time from
 *    each pointermove's event timestamp until the first frame of the redraw is painted (brush range,
 *    filter, first 600 brushed lines), until every brushed line is painted (more lines fill in over the
 *    next frames), and the JavaScript work alone; p50, p95 and max. Target: p95 ≤ 100 ms.
 *
 *   npm run build:web && node --import tsx bench/parallel-coordinates.ts [--runs 10000] [--drags 40]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestServer } from '../test/helpers/start-test-server.js';
import { launchChromium, openWatchedPage } from '../test/web/helpers/browser.js';
import { seedSweepRuns } from './lib/seed-sweep-runs.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, drags: { type: 'string', default: '40' } } });
const RUNS = Number(values.runs);
const DRAGS = Number(values.drags);
const STEPS = 5;

/**
 * In the page (a string: this file has no DOM types): records each pointermove's event time and,
 * when the plot marks a redraw (its data-brush-ms attribute is set at the end of the draw), the
 * latency since the last pointermove until the next frame (the redrawn lines painted), the draw's own
 * work (filter + canvas calls, which Chromium rasterizes at paint) and the brushed count.
 */
const INSTALL = `(() => {
  const plot = document.querySelector('[data-testid=pc-plot]');
  const state = { lastMove: 0, pending: 0, paused: false, samples: [], complete: [], work: [], counts: [] };
  window.addEventListener('pointermove', (e) => { state.lastMove = e.timeStamp; }, true);
  new MutationObserver((records) => {
    if (state.paused) return;
    for (const record of records) {
      if (record.attributeName === 'data-brush-ms' && state.lastMove !== 0) {
        const moved = state.lastMove;
        state.lastMove = 0;
        state.pending = moved;
        state.work.push(Number(plot.dataset.brushMs));
        state.counts.push(Number(plot.dataset.brushedCount));
        // The draw ran in this frame's animation callbacks; the next frame's callbacks run once it is painted.
        requestAnimationFrame(() => state.samples.push(performance.now() - moved));
      }
      if (record.attributeName === 'data-drawing' && plot.dataset.drawing === 'done' && state.pending !== 0) {
        const moved = state.pending;
        state.pending = 0;
        requestAnimationFrame(() => state.complete.push(performance.now() - moved));
      }
    }
  }).observe(plot, { attributes: true, attributeFilter: ['data-brush-ms', 'data-drawing'] });
  window.__pcBench = state;
})()`;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
const summary = (label: string, samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  console.log(`${label.padEnd(56)} n ${String(s.length).padStart(4)}   p50 ${pct(s, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(s, 0.95).toFixed(1).padStart(6)} ms   max ${(s[s.length - 1] ?? NaN).toFixed(1).padStart(6)} ms`);
  return pct(s, 0.95);
};

const dir = await mkdtemp(join(tmpdir(), 'strata-bench-pc-'));
const backendStoreUri = `sqlite:///${join(dir, 'bench.db')}`;
try {
  const seedStart = performance.now();
  const experimentId = await seedSweepRuns(backendStoreUri, 'sweep', RUNS);
  console.log(`seeded ${RUNS.toLocaleString('en-GB')} runs × 10 params × 5 metrics in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  const server = await startTestServer({ backendStoreUri });
  const browser = await launchChromium();
  try {
    const watched = await openWatchedPage(browser);
    const { page } = watched;
    await page.goto(`${server.url}/experiments/${experimentId}`);
    await page.locator('[data-testid=runs-grid] [role=row][data-run-id]').first().waitFor();
    const openStart = performance.now();
    await page.getByTestId('pc-toggle').click();
    const plot = page.getByTestId('pc-plot');
    await plot.and(page.locator(`[data-runs="${RUNS}"][data-brushed-count="${RUNS}"]`)).waitFor({ timeout: 120_000 });
    console.log(`panel open: click → ${RUNS.toLocaleString('en-GB')} runs loaded and drawn`.padEnd(56), `${(performance.now() - openStart).toFixed(0)} ms`);
    const axes = JSON.parse((await plot.getAttribute('data-axes')) ?? '[]') as string[];
    console.log(`axes (${axes.length}): ${axes.join(', ')}`);
    await plot.scrollIntoViewIfNeeded();
    await page.evaluate(INSTALL);

    const boxes = [];
    for (const axis of axes) {
      const box = await plot.locator(`[data-axis="${axis}"] .pc-axis-hit`).boundingBox();
      if (box) boxes.push(box);
    }
    const brushedCounts: number[] = [];
    for (let d = 0; d < DRAGS; d++) {
      const box = boxes[(d * 3) % boxes.length];
      if (!box) continue;
      const x = box.x + box.width / 2;
      const from = 0.1 + ((d * 37) % 40) / 100;
      const to = Math.min(0.98, from + 0.15 + ((d * 13) % 30) / 100);
      await page.mouse.move(x, box.y + box.height * from);
      await page.mouse.down();
      for (let s = 1; s <= STEPS; s++) {
        await page.mouse.move(x, box.y + box.height * (from + ((to - from) * s) / STEPS));
        // Let the frame that redraws the brush run before the next move.
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      }
      await page.mouse.up();
      brushedCounts.push(Number(await plot.getAttribute('data-brushed-count')));
      // Every 4th drag, clear all brushes by clicking each brushed axis, so brushes pile up (AND) and reset.
      if (d % 4 === 3) {
        await page.evaluate('window.__pcBench.paused = true');
        for (const b of boxes) await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
        await page.evaluate('window.__pcBench.paused = false; window.__pcBench.lastMove = 0');
      }
    }
    // A brush left on for the record: what 10,000 lines look like (test output folder, not the repo).
    const last = boxes[boxes.length - 1];
    if (last) {
      await page.mouse.move(last.x + last.width / 2, last.y + last.height * 0.45);
      await page.mouse.down();
      await page.mouse.move(last.x + last.width / 2, last.y + last.height * 0.8, { steps: 3 });
      await page.mouse.up();
      await page.evaluate('window.__pcBench.paused = true');
      await plot.and(page.locator('[data-drawing="done"]')).waitFor();
      console.log(`screenshot: ${await watched.screenshot('bench-parallel-coordinates-10k')}`);
    }
    const result = (await page.evaluate('({ samples: window.__pcBench.samples, complete: window.__pcBench.complete, work: window.__pcBench.work, counts: window.__pcBench.counts })')) as { samples: number[]; complete: number[]; work: number[]; counts: number[] };
    console.log(`brushed runs after each drag: min ${Math.min(...brushedCounts)}, max ${Math.max(...brushedCounts)}`);
    const p95 = summary('brush update: pointermove → first frame painted', result.samples);
    summary('  the same, updates with ≥ 1,000 brushed lines', result.samples.filter((_, i) => (result.counts[i] ?? 0) >= 1000));
    summary('brush update: pointermove → every brushed line painted', result.complete);
    summary('brush update: filter + first frame of canvas calls (JS)', result.work);
    console.log(`target p95 ≤ 100 ms: ${p95 <= 100 ? 'met' : 'MISSED'}`);
    if (watched.problems.length > 0) console.log('problems:', watched.problems);
    await watched.close();
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * The runs table on MLflow's crash case (issue 12): an experiment of 1,000 runs over 5,000
 * distinct metric keys, seeded through the SDK in log-batch calls, served by a real server
 * (SQLite file), opened in Debian's Chromium with playwright-core on the built app.
 *
 * Prints, best and median of 5:
 *  - GET /api/strata/v1/experiments/keys (every key with its run count);
 *  - POST /api/strata/v1/runs/search, one page of 200 runs × 10 columns, against runs/search's
 *    page of the same runs with all their values (what the projection saves);
 *  - page open: navigation to the first rows visible;
 *  - column picker: typing a search until the one matching key is listed.
 *
 *   npm run build:web && node --import tsx bench/runs-table-columns.ts [--runs 1000] [--keys 5000] [--keys-per-run 1000]
 *
 * --keys-per-run 5000 gives every run every key (5,000,000 latest values; seeding takes minutes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '../src/client/browser.js';
import { startTestServer } from '../test/helpers/start-test-server.js';
import { launchChromium, openWatchedPage } from '../test/web/helpers/browser.js';
import { seedWideExperiment, wideKey } from '../test/web/helpers/seed-wide.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, keys: { type: 'string', default: '5000' }, 'keys-per-run': { type: 'string', default: '1000' } } });
const RUNS = Number(values.runs);
const KEYS = Number(values.keys);
const PER_RUN = Number(values['keys-per-run']);
const TIMES = 5;

/**
 * Runs in the page (a string: this file has no DOM types): sets the search box as typing does, waits
 * until the list shows the one match (or, for '', any row) and a frame is painted; returns the ms taken.
 */
const IN_PAGE_SEARCH = `async (text) => {
  const input = document.querySelector('input[aria-label="Search keys"]');
  if (!input) throw new Error('no search box');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const start = performance.now();
  setter.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => {
    const check = () => {
      const n = document.querySelectorAll('[data-testid=picker-list] label.picker-item').length;
      return (text === '' ? n > 1 : n === 1) ? resolve() : requestAnimationFrame(check);
    };
    check();
  });
  await new Promise((r) => requestAnimationFrame(() => r()));
  return performance.now() - start;
}`;

async function timed(fn: () => Promise<unknown>): Promise<{ best: number; median: number }> {
  const samples: number[] = [];
  for (let i = 0; i < TIMES; i++) {
    const start = performance.now();
    const measured = await fn();
    // A function may time its own part (a number) after its set-up.
    samples.push(typeof measured === 'number' ? measured : performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0] ?? NaN, median: samples[Math.floor(samples.length / 2)] ?? NaN };
}

const show = (label: string, t: { best: number; median: number }, extra = '') =>
  console.log(`${label.padEnd(58)} best ${t.best.toFixed(1).padStart(7)} ms   median ${t.median.toFixed(1).padStart(7)} ms${extra}`);

const dir = await mkdtemp(join(tmpdir(), 'strata-bench-columns-'));
const server = await startTestServer({ backendStoreUri: `sqlite:///${join(dir, 'bench.db')}` });
try {
  const seedStart = performance.now();
  const wide = await seedWideExperiment(server.url, { name: 'wide', runs: RUNS, keys: KEYS, keysPerRun: PER_RUN, concurrency: 4 });
  console.log(`seeded ${RUNS} runs × ${KEYS} distinct metric keys (${PER_RUN} per run, ${(RUNS * PER_RUN).toLocaleString('en-GB')} values) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  const sdk = createClient({ trackingUri: server.url });
  let keyCount = 0;
  show('GET experiments/keys (all keys with run counts)', await timed(async () => {
    const keys = await sdk.experiments.keys({ experiment_id: wide.experimentId });
    keyCount = keys.metrics.length + keys.params.length + keys.tags.length;
  }), `   (${keyCount} keys)`);
  show('GET experiments/keys?prefix=layer_42', await timed(() => sdk.experiments.keys({ experiment_id: wide.experimentId, prefix: 'layer_42' })));
  const columns = { metrics: wide.keyNames.slice(0, 10) };
  let projected = 0;
  show('POST strata runs/search: 200 runs × 10 columns', await timed(async () => {
    const page = await sdk.runs.searchColumns({ experiment_ids: [wide.experimentId], max_results: 200, columns });
    projected = JSON.stringify(page).length;
  }), `   (${(projected / 1024).toFixed(0)} KiB)`);
  let full = 0;
  show('runs/search: the same 200 runs with every value', await timed(async () => {
    const page = await sdk.runs.search({ experiment_ids: [wide.experimentId], max_results: 200 });
    full = JSON.stringify(page).length;
  }), `   (${(full / 1024).toFixed(0)} KiB)`);

  const browser = await launchChromium();
  try {
    const watched = await openWatchedPage(browser);
    const { page } = watched;
    const url = `${server.url}/experiments/${wide.experimentId}`;
    await page.goto(url);
    await page.locator('[data-testid=runs-grid] [role=row][data-run-id]').first().waitFor();
    show('page open: navigation → first rows visible', await timed(async () => {
      await page.goto('about:blank');
      await page.goto(url);
      await page.locator('[data-testid=runs-grid] [role=row][data-run-id]').first().waitFor();
    }));
    show('picker open: click → search box with every key counted', await timed(async () => {
      await page.goto(url);
      await page.locator('[data-testid=runs-grid] [role=row][data-run-id]').first().waitFor();
      const start = performance.now();
      await page.getByRole('button', { name: /^Columns/ }).click();
      await page.locator(`[placeholder="Search ${(keyCount).toLocaleString('en-GB')} keys"]`).waitFor();
      return performance.now() - start;
    }));
    // In-page timing of a keystroke's filter + render, measured by the page itself (no CDP round trips).
    const searchMs: number[] = [];
    for (let i = 0; i < TIMES; i++) {
      const needle = wideKey(1000 + i * 777).slice(6, 10);
      const ms = (await page.evaluate(`(${IN_PAGE_SEARCH})(${JSON.stringify(`${needle}/`)})`)) as number;
      searchMs.push(ms);
      await page.evaluate(`(${IN_PAGE_SEARCH})('')`);
    }
    searchMs.sort((a, b) => a - b);
    show(`picker search over ${keyCount} keys: keystroke → painted`, { best: searchMs[0] ?? NaN, median: searchMs[Math.floor(TIMES / 2)] ?? NaN });
    if (watched.problems.length > 0) console.log('problems:', watched.problems);
    await watched.close();
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}

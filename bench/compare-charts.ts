/**
 * The metric charts on the envelope (issue 12), in Debian's Chromium with playwright-core on the
 * built app, against a real server on a SQLite file:
 *  - compare page, 100 runs × 20 metrics × 10,000 steps: navigation → the charts in the first
 *    screen drawn, and → all 20 drawn (each waited for in turn in the page, scrolled into view only
 *    if not drawn yet); warm opens (the background builder has built the roll-ups);
 *  - run page with one 10,000,000-point metric: navigation → chart drawn; then two drags (10% of the
 *    width, then 10% of that: a 1% window) → re-bucketed chart drawn.
 * Data is written through the store in 10,000-point calls (as log-batch writes them), not over
 * HTTP, as bench/metric-envelope.ts does: 30 million points over HTTP would take most of the time.
 *
 *   npm run build:web && node --import tsx bench/compare-charts.ts [--runs 100] [--metrics 20] [--steps 10000] [--points 10000000] [--rounds 3] [--db FILE] [--no-run-page] [--baseline-web DIR]
 *
 * --db keeps the seeded SQLite file between runs (seeding takes 5-10 minutes): a file that exists
 * is used as it is, so give a new name when changing the sizes. --no-run-page skips the
 * 10,000,000-point run page part (the data is still seeded, so the file stays the same).
 * --seed-only stops after seeding, before any roll-up is built: a copy of that file lets a run
 * measure roll-ups built by the code under test rather than those an earlier version stored.
 * --baseline-web DIR: the "before" of each round is the compare page of another dashboard build
 * (a copy of dist/web built from the commit to compare with), served by a second server on the same
 * database, instead of the current build with the chart's `fields` stripped from its requests.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { Metric } from '../src/core/entities.js';
import type { MetadataStore } from '../src/core/ports/metadata-store.js';
import { openStore } from '../src/store/create-store.js';
import { startTestServer } from '../test/helpers/start-test-server.js';
import { launchChromium, openWatchedPage } from '../test/web/helpers/browser.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    metrics: { type: 'string', default: '20' },
    steps: { type: 'string', default: '10000' },
    points: { type: 'string', default: '10000000' },
    rounds: { type: 'string', default: '3' },
    db: { type: 'string' },
    'no-run-page': { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    'baseline-web': { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const METRICS = Number(values.metrics);
const STEPS = Number(values.steps);
const POINTS = Number(values.points);
const ROUNDS = Number(values.rounds);
const START = 1_700_000_000_000;
const storeOptions = { defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

const metricKey = (m: number) => `metric_${String(m).padStart(2, '0')}`;
const uptime = () => execSync('uptime').toString().trim();

/** A noisy decaying curve per run and metric, a spike now and then (the band must keep it). */
function value(run: number, m: number, step: number): number {
  const spike = (step * 7 + run * 13 + m) % 4999 === 0 ? 10 : 0;
  return Math.exp(-step / (2000 + run * 30 + m * 50)) + Math.sin(step * 0.37 + run) * 0.02 + spike;
}

async function createRun(store: MetadataStore, runId: string, startTime: number): Promise<void> {
  await store.createRun({ runId, experimentId: '0', runName: runId, userId: 'bench', status: 'FINISHED', startTime, artifactUri: `mlflow-artifacts:/0/${runId}/artifacts`, tags: [] });
}

const compareRunIds = () => Array.from({ length: RUNS }, (_, r) => `cmp${String(r).padStart(3, '0')}`);

async function seed(store: MetadataStore): Promise<void> {
  for (const [r, runId] of compareRunIds().entries()) {
    await createRun(store, runId, START + r * 60_000);
    for (let from = 0; from < STEPS; from += Math.ceil(10_000 / METRICS)) {
      const batch: Metric[] = [];
      const to = Math.min(STEPS, from + Math.ceil(10_000 / METRICS));
      for (let m = 0; m < METRICS; m++) for (let step = from; step < to; step++) batch.push({ key: metricKey(m), value: value(r, m, step), step, timestamp: START + r * 60_000 + step * 100 });
      await store.logMetrics(runId, batch);
    }
  }
  await createRun(store, 'long', START);
  for (let from = 0; from < POINTS; from += 10_000) {
    const batch: Metric[] = [];
    for (let step = from; step < Math.min(POINTS, from + 10_000); step++) batch.push({ key: 'loss', value: value(0, 0, step % 20_000) + step / POINTS, step, timestamp: START + step * 10 });
    await store.logMetrics('long', batch);
  }
}

/** Waits (in the page) until every selected chart has drawn and is not fetching, then one more frame. */
const DRAWN = `async ([selector, count]) => {
  const ready = () => {
    const charts = [...document.querySelectorAll(selector)];
    return charts.length >= count && charts.every((c) => {
      const e = c.querySelector('.envelope-chart');
      return e && (e.dataset.state === 'ready' || e.dataset.state === 'empty') && e.dataset.fetching === 'false';
    });
  };
  await new Promise((resolve) => { const check = () => (ready() ? resolve() : requestAnimationFrame(check)); check(); });
  await new Promise((r) => requestAnimationFrame(() => r()));
}`;

const drawn = (page: Page, selector: string, count: number) => page.evaluate(`(${DRAWN})(${JSON.stringify([selector, count])})`);

/**
 * Waits (in the page, one round trip) until each chart in turn has drawn, scrolling it into view
 * only if it has not: a page that draws charts only near the viewport still gets there, and a page
 * that draws them all is not charged a driver round trip per chart (~100 ms each under load).
 */
const ALL_DRAWN = `async (selector) => {
  const ready = (c) => {
    const e = c.querySelector('.envelope-chart');
    return e && (e.dataset.state === 'ready' || e.dataset.state === 'empty') && e.dataset.fetching === 'false';
  };
  for (const chart of document.querySelectorAll(selector)) {
    if (!ready(chart)) chart.scrollIntoView({ block: 'nearest' });
    await new Promise((resolve) => { const check = () => (ready(chart) ? resolve() : requestAnimationFrame(check)); check(); });
  }
  await new Promise((r) => requestAnimationFrame(() => r()));
}`;

/** The charts whose top is inside the viewport: the first screen. */
async function chartsInView(page: Page): Promise<number> {
  return (await page.evaluate(`[...document.querySelectorAll('[data-testid^=compare-chart-]')].filter((c) => c.getBoundingClientRect().top < window.innerHeight).length`)) as number;
}

async function openCompare(page: Page, url: string): Promise<{ firstScreen: number; all: number; inView: number }> {
  await page.goto('about:blank');
  const start = performance.now();
  await page.goto(url);
  await page.getByTestId('compare-charts').waitFor({ timeout: 120_000 });
  const inView = await chartsInView(page);
  // First screen: the charts visible without scrolling.
  const firstKeys = (await page.locator('[data-testid^=compare-chart-]').evaluateAll((els, n) => els.slice(0, n).map((e) => e.getAttribute('data-testid')), inView)) as string[];
  await drawn(page, firstKeys.map((k) => `[data-testid="${k}"]`).join(','), firstKeys.length);
  const firstScreen = performance.now() - start;
  await page.evaluate(`(${ALL_DRAWN})('[data-testid^=compare-chart-]')`);
  return { firstScreen, all: performance.now() - start, inView };
}

async function dragFraction(page: Page, chart: string, from: number, to: number): Promise<number> {
  const figure = page.getByTestId(chart);
  const before = await figure.locator('.envelope-chart').getAttribute('data-points');
  const box = await figure.locator('.u-over').boundingBox();
  if (box === null) throw new Error('no plot');
  await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 4 });
  const start = performance.now();
  await page.mouse.up();
  // A string evaluated by CDP, not waitForFunction (which the dashboard's CSP refuses to eval).
  await page.evaluate(`new Promise((resolve) => {
    const check = () => {
      const e = document.querySelector('[data-testid="${chart}"] .envelope-chart');
      if (e && e.dataset.fetching === 'false' && e.dataset.points !== ${JSON.stringify(before)}) requestAnimationFrame(() => resolve());
      else requestAnimationFrame(check);
    };
    check();
  })`);
  return performance.now() - start;
}

/** The run page with the 10,000,000-point metric: open, then zoom twice. */
async function runPage(page: Page, serverUrl: string): Promise<void> {
  const runUrl = `${serverUrl}/experiments/0/runs/long`;
  const open: number[] = [];
  const zoom10: number[] = [];
  const zoom1: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await page.goto('about:blank');
    const start = performance.now();
    await page.goto(runUrl);
    const chart = page.getByTestId('metric-chart-loss');
    await chart.scrollIntoViewIfNeeded();
    await drawn(page, '[data-testid="metric-chart-loss"]', 1);
    open.push(performance.now() - start);
    zoom10.push(await dragFraction(page, 'metric-chart-loss', 0.4, 0.5));
    zoom1.push(await dragFraction(page, 'metric-chart-loss', 0.4, 0.5));
  }
  fmt(`run page, ${POINTS.toLocaleString('en-GB')}-point metric: navigation → chart drawn`, open);
  fmt('run page: drag to a 10% window → re-bucketed chart drawn', zoom10);
  fmt('run page: drag again to a 1% window → re-bucketed chart drawn', zoom1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const fmt = (label: string, xs: number[]) => console.log(`${label.padEnd(64)} ${xs.map((x) => x.toFixed(0).padStart(6)).join(' ')} ms   (median ${median(xs).toFixed(0)})`);

const dir = await mkdtemp(join(tmpdir(), 'strata-bench-charts-'));
const dbFile = values.db ?? join(dir, 'bench.db');
const uri = `sqlite:///${dbFile}`;
try {
  const reused = existsSync(dbFile);
  const store = await openStore(uri, storeOptions);
  await store.migrate();
  const seedStart = performance.now();
  if (!reused) await seed(store);
  const runIds = compareRunIds();
  await store.close();
  console.log(`${reused ? 'reused' : 'seeded'} ${RUNS} runs × ${METRICS} metrics × ${STEPS.toLocaleString('en-GB')} steps and one ${POINTS.toLocaleString('en-GB')}-point metric in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  if (values['seed-only']) process.exit(0);
  console.log(`uptime before: ${uptime()}`);
  const server = await startTestServer({ backendStoreUri: uri });
  // The data was written through the store, not over HTTP: the builder's sweep at start finds it.
  const buildStart = performance.now();
  await server.rollups.idle();
  console.log(`background roll-up builder done ${((performance.now() - buildStart) / 1000).toFixed(1)} s after start (${server.rollups.stats.chunksBuilt} chunks)`);
  const baselineDir = values['baseline-web'];
  const baseline = baselineDir === undefined ? undefined : await startTestServer({ backendStoreUri: uri, dashboardDir: baselineDir });
  await baseline?.rollups.idle();
  const browser = await launchChromium();
  try {
    const watched = await openWatchedPage(browser);
    const { page } = watched;
    // Before/after in one run: "all fields" strips the chart's `fields` from its envelope requests,
    // as the page sent them before; both variants go through the same interception.
    let stripFields = false;
    await page.route('**/api/strata/v1/metrics/envelope', async (route) => {
      const body = route.request().postDataJSON() as Record<string, unknown> | null;
      if (!stripFields || body === null) return route.continue();
      delete body.fields;
      return route.continue({ postData: JSON.stringify(body) });
    });
    const query = `/compare?runs=${runIds.join(',')}`;
    const compareUrl = `${server.url}${query}`;
    const first: number[] = [];
    const all: number[] = [];
    const firstAllFields: number[] = [];
    const allAllFields: number[] = [];
    let inView = 0;
    const beforeLabel = baseline === undefined ? 'all fields (before)' : `baseline build ${baselineDir}`;
    for (let i = 0; i < ROUNDS; i++) {
      stripFields = baseline === undefined;
      const before = await openCompare(page, `${baseline?.url ?? server.url}${query}`);
      firstAllFields.push(before.firstScreen);
      allAllFields.push(before.all);
      stripFields = false;
      const t = await openCompare(page, compareUrl);
      first.push(t.firstScreen);
      all.push(t.all);
      inView = t.inView;
    }
    await page.evaluate('window.scrollTo(0, 0)');
    await watched.screenshot('bench-compare-charts');
    // Where the last open spent its time: the runs' reads and the envelope requests, as the page saw them.
    const phases = (await page.evaluate(`(() => {
      const all = performance.getEntriesByType('resource');
      const span = (pattern) => {
        const hits = all.filter((e) => pattern.test(e.name));
        if (hits.length === 0) return 'none';
        const start = Math.min(...hits.map((e) => e.startTime));
        const end = Math.max(...hits.map((e) => e.responseEnd));
        return hits.length + ' requests, ' + start.toFixed(0) + '–' + end.toFixed(0) + ' ms (longest ' + Math.max(...hits.map((e) => e.duration)).toFixed(0) + ' ms)';
      };
      return { runs: span(/runs\\/(get|search)/), envelopes: span(/metrics\\/envelope/) };
    })()`)) as { runs: string; envelopes: string };
    console.log(`  last open, from navigation start: runs/get + runs/search ${phases.runs}; envelope ${phases.envelopes}`);
    fmt(`compare ${RUNS} runs, ${beforeLabel}: first screen (${inView} charts) drawn`, firstAllFields);
    fmt(`compare ${RUNS} runs, ${beforeLabel}: all ${METRICS} charts drawn`, allAllFields);
    fmt(`compare ${RUNS} runs, chart fields: navigation → first screen (${inView} charts) drawn`, first);
    fmt(`compare ${RUNS} runs, chart fields: navigation → all ${METRICS} charts drawn (scrolled)`, all);

    if (!values['no-run-page']) await runPage(page, server.url);
    if (watched.problems.length > 0) console.log('problems:', watched.problems);
    await watched.close();
  } finally {
    await browser.close();
    await server.close();
    await baseline?.close();
  }
  console.log(`uptime after: ${uptime()}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

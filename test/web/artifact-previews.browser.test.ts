// The run page's artifact browser in Debian's Chromium against a real server: every preview
// kind opens (screenshots light and dark in <tmp>/strata-test-output/web), and hostile content
// stays inert: a file named with markup, HTML and SVG with scripts, Markdown with script and
// onerror, a run name with markup: no dialog opens and no script runs in the app's origin. A
// 200 MB log is shown from its tail: the page's requests for it carry a Range header and
// transfer at most a few hundred KiB.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { CSV_ROWS, HOSTILE_RUN_NAME, HUGE_LOG_BYTES, HUGE_LOG_LAST_LINE, seedArtifacts, type SeededArtifacts } from './helpers/seed-artifacts.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

/**
 * Chromium reports each script the sandboxed report frame refused (its <script> by the sandbox,
 * its onerror handler by the CSP it inherits): that is the protection working, not a failure.
 */
const BLOCKED_BY_SANDBOX = /Blocked script execution in 'about:srcdoc'|because the document's frame is sandboxed|Executing inline event handler violates the following Content Security Policy.*The action has been blocked/;

interface Transfer { url: string; range: string | undefined; status: number; bytes: number }

interface Watch {
  watched: WatchedPage;
  dialogs: string[];
  consoleLog: string[];
  transfers: Transfer[];
}

async function watch(browser: Browser, colorScheme: 'light' | 'dark'): Promise<Watch> {
  const watched = await openWatchedPage(browser, { colorScheme });
  const dialogs: string[] = [];
  const consoleLog: string[] = [];
  const transfers: Transfer[] = [];
  watched.page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  watched.page.on('console', (message) => consoleLog.push(message.text()));
  watched.page.on('requestfinished', (request) => {
    if (!request.url().includes('/get-artifact')) return;
    // Recorded at once (order kept), sizes filled in when Chromium reports them.
    const transfer: Transfer = { url: decodeURIComponent(request.url()), range: request.headers().range, status: 0, bytes: -1 };
    transfers.push(transfer);
    void Promise.all([request.sizes(), request.response()]).then(([sizes, response]) => {
      transfer.status = response?.status() ?? 0;
      transfer.bytes = sizes.responseBodySize;
    });
  });
  return { watched, dialogs, consoleLog, transfers };
}

function realProblems(w: Watch): string[] {
  return w.watched.problems.filter((p) => !BLOCKED_BY_SANDBOX.test(p));
}

function assertInert(w: Watch, title: string): void {
  assert.deepEqual(w.dialogs, [], 'no dialog may open');
  assert.deepEqual(w.consoleLog.filter((m) => /PWNED/.test(m)), [], 'no hostile script logged');
  assert.deepEqual(realProblems(w), [], 'console errors or failed requests');
  assert.equal(title.includes('PWNED'), false);
}

async function openArtifact(page: Page, name: string | RegExp): Promise<void> {
  await page.getByTestId('artifact-tree').getByRole('button', { name, exact: typeof name === 'string' }).first().click();
}

describe('artifact previews in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let seeded: SeededArtifacts;
  let browser: Browser;
  let destination: string;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    destination = await mkdtemp(join(tmpdir(), 'strata-previews-artifacts-'));
    server = await startTestServer({ artifactsDestination: destination });
    seeded = await seedArtifacts(server.url, destination);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (destination) await rm(destination, { recursive: true, force: true });
  });

  const runUrl = (artifact?: string) => `${server.url}/experiments/${seeded.experimentId}/runs/${seeded.runId}${artifact ? `?artifact=${encodeURIComponent(artifact)}` : ''}`;

  for (const scheme of ['light', 'dark'] as const) {
    it(`opens an artifact of every preview kind (${scheme}), and nothing hostile runs`, async () => {
      const w = await watch(browser, scheme);
      const { page } = w.watched;
      try {
        await page.goto(runUrl());
        await page.getByTestId('artifact-tree').waitFor();
        assert.equal(await page.getByTestId('run-name').textContent(), HOSTILE_RUN_NAME, 'the run name is shown as text');
        await page.getByTestId('preview-hint').waitFor();
        const shot = async (name: string) => {
          await page.getByTestId('artifact-preview').scrollIntoViewIfNeeded();
          await w.watched.screenshot(`preview-${name}`);
        };

        await openArtifact(page, 'image.png');
        await page.getByTestId('preview-image').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
        await openArtifact(page, 'plot.svg');
        const svg = page.getByTestId('preview-image');
        await svg.evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
        assert.equal(await svg.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), 240);
        assert.equal(await page.locator('svg script').count(), 0, 'the SVG is never inlined');
        await shot('svg');

        await openArtifact(page, 'report.html');
        const frame = page.getByTestId('preview-html');
        await frame.waitFor();
        assert.equal(await frame.getAttribute('sandbox'), '', 'sandboxed with nothing allowed');
        await page.frameLocator('[data-testid=preview-html]').getByRole('heading', { name: 'Evaluation report' }).waitFor();
        await shot('html');

        await openArtifact(page, 'README.md');
        const md = page.getByTestId('preview-markdown');
        await md.getByRole('heading', { name: 'Training notes' }).waitFor();
        assert.equal(await md.locator('script, [onerror], a[href^="javascript"]').count(), 0);
        assert.equal(await md.locator('table td').first().textContent(), '0.01');
        await md.locator('img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
        await shot('markdown');

        await openArtifact(page, 'metrics.json');
        await page.getByTestId('preview-text').filter({ hasText: '"per_class": {' }).waitFor();
        await shot('json');

        await openArtifact(page, 'paper.pdf');
        await page.getByTestId('preview-pdf').waitFor();
        assert.match((await page.getByTestId('preview-pdf').getAttribute('src')) ?? '', /^blob:/);
        // The viewer draws its page a moment after the frame appears (a screenshot aid, not a wait for state).
        await page.waitForTimeout(1500);
        await shot('pdf');

        await page.getByTestId('artifact-tree').getByRole('button', { name: 'data/' }).click();
        await openArtifact(page, 'history.csv');
        await page.getByTestId('csv-extent').filter({ hasText: '10,000 rows × 4 columns' }).waitFor();
        assert.equal(await page.getByTestId('csv-table').getAttribute('aria-rowcount'), '10001');
        assert.equal(await page.getByTestId('csv-table').getByRole('columnheader', { name: 'accuracy' }).count(), 1);
        await shot('csv');
        await openArtifact(page, 'confusion.tsv');
        await page.getByTestId('csv-extent').filter({ hasText: '3 rows × 3 columns' }).waitFor();

        await page.getByTestId('artifact-tree').getByRole('button', { name: 'model/' }).click();
        await page.getByTestId('model-flavors').getByText('sklearn', { exact: true }).waitFor();
        await page.getByTestId('model-input-example').getByRole('cell', { name: 'setosa' }).waitFor();
        await page.getByTestId('model-summary').getByRole('cell', { name: 'sepal_width' }).waitFor();
        await shot('mlmodel');
        assert.match((await page.getByTestId('preview-download').getAttribute('href')) ?? '', /\/api\/strata\/v1\/artifacts\/folder\?run_id=\w+&path=model$/);
        await openArtifact(page, 'conda.yaml');
        await page.getByTestId('preview-text').filter({ hasText: '# pinned for the demo' }).waitFor();
        await shot('yaml');

        await page.getByTestId('artifact-tree').getByRole('button', { name: '<script>alert(1)</' }).click();
        await openArtifact(page, 'script>.txt');
        await page.getByTestId('preview-text').filter({ hasText: 'hostile name' }).waitFor();
        await openArtifact(page, '<img src=x onerror=alert(1)>.txt');
        await page.getByTestId('preview-text').filter({ hasText: '<b>not bold</b>' }).waitFor();
        assert.equal(await page.locator('b', { hasText: 'not bold' }).count(), 0, 'file text is never markup');

        await page.getByTestId('artifact-tree').getByRole('button', { name: 'logs/' }).click();
        await openArtifact(page, 'train.log');
        await page.getByTestId('preview-text').filter({ hasText: 'step 299 loss' }).waitFor();
        await shot('log');

        await openArtifact(page, 'huge.log');
        await page.getByTestId('preview-text').filter({ hasText: HUGE_LOG_LAST_LINE }).waitFor();
        await page.getByTestId('text-extent').filter({ hasText: 'of 200 MiB' }).waitFor();
        await shot('huge-log');
        const before = (await page.getByTestId('text-extent').textContent()) ?? '';
        await page.getByTestId('load-earlier').click();
        await page.getByTestId('text-extent').filter({ hasNotText: before }).filter({ hasText: /^Last \d+ KiB of 200 MiB.*Load \d+ KiB earlier$/ }).waitFor();
        const shownKiB = (text: string) => Number(/^Last (\d+) KiB/.exec(text)?.[1]);
        assert.ok(shownKiB((await page.getByTestId('text-extent').textContent()) ?? '') >= shownKiB(before) + 250, 'an earlier 256 KiB was added');

        // Nothing loaded whole: every read of the huge log was ranged, and all of them together are small.
        const huge = w.transfers.filter((t) => t.url.includes('huge.log'));
        for (let i = 0; i < 100 && huge.some((t) => t.bytes < 0); i++) await page.waitForTimeout(50);
        assert.ok(huge.length >= 2, JSON.stringify(huge));
        for (const t of huge) {
          assert.match(t.range ?? '', /^bytes=\d+-\d+$/, 'ranged');
          assert.equal(t.status, 206);
        }
        const total = huge.reduce((sum, t) => sum + t.bytes, 0);
        assert.ok(total <= 2 * 256 * 1024 + 1024, `${total} bytes of a ${HUGE_LOG_BYTES}-byte log`);
        // The CSV read is cancelled once 10,000 of its 20,000 rows are in (so it may never 'finish').
        assert.ok(CSV_ROWS > 10_000);
        assertInert(w, await page.title());
      } finally {
        await w.watched.close();
      }
    });
  }

  it('opens a linked artifact straight from the URL', async () => {
    const w = await watch(browser, 'light');
    try {
      await w.watched.page.goto(runUrl('logs/train.log'));
      await w.watched.page.getByTestId('preview-text').filter({ hasText: 'step 299 loss' }).waitFor();
      assertInert(w, await w.watched.page.title());
    } finally {
      await w.watched.close();
    }
  });

  it('serves artifact downloads so that opening one directly cannot run script', async () => {
    for (const path of ['report.html', 'plot.svg']) {
      const response = await fetch(`${server.url}/get-artifact?${new URLSearchParams({ run_id: seeded.runId, path })}`);
      await response.body?.cancel();
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment;/);
      assert.match(response.headers.get('content-security-policy') ?? '', /; sandbox$/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
    // Navigated to anyway (a top-level visit), the SVG's script stays inert.
    const w = await watch(browser, 'light');
    try {
      const url = `${server.url}/get-artifact?${new URLSearchParams({ run_id: seeded.runId, path: 'plot.svg' })}`;
      await w.watched.page.goto(url).catch(() => undefined);
      await w.watched.page.waitForTimeout(300);
      assert.deepEqual(w.dialogs, []);
    } finally {
      await w.watched.close();
    }
  });
});

/**
 * Chromium for the dashboard tests: Debian's /usr/bin/chromium driven by playwright-core
 * (which never downloads a browser). Every page opened here records console errors, page
 * errors and failed requests, so a test can fail on any of them; screenshots go to a temp
 * folder (STRATA_TEST_OUTPUT, default <tmp>/strata-test-output/web), never into the repo.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.env.STRATA_TEST_OUTPUT ?? join(tmpdir(), 'strata-test-output'), 'web');

/** Why the browser tests cannot run here, or undefined. */
export function browserUnavailable(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing (apt-get install -y chromium)`;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors and failed or 4xx/5xx requests, in order. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A page in a fresh context (fixed viewport, timezone and colour scheme) that records what went wrong. */
export async function openWatchedPage(browser: Browser, options: { colorScheme?: 'light' | 'dark'; allowStatuses?: number[] } = {}): Promise<WatchedPage> {
  const colorScheme = options.colorScheme ?? 'light';
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme, timezoneId: 'UTC', locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed = new Set(options.allowStatuses ?? []);
  page.on('console', (message) => {
    if (message.type() === 'error' && !isExpectedHttpError(message.text(), allowed)) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // A request the page itself dropped by navigating away (a test's page.goto) is not a failure.
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !allowed.has(response.status())) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    page,
    context,
    problems,
    async screenshot(name) {
      const path = join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    close: () => context.close(),
  };
}

/** Chromium logs "Failed to load resource: … 400" for an answer a test provoked on purpose. */
function isExpectedHttpError(text: string, allowed: Set<number>): boolean {
  const match = /Failed to load resource: the server responded with a status of (\d+)/.exec(text);
  return match !== null && allowed.has(Number(match[1]));
}

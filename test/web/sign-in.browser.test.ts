// The dashboard with auth on, in Chromium: a page that gets 401 sends the user to /signin and
// back after signing in; the header shows who is signed in; sign-out returns to the form; no
// browser password dialog (the server sends no Basic challenge to the page's own fetches).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- plain .mjs build script without types
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

describe('dashboard sign-in in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer({ firstAdmin: { username: 'admin', password: 'admin-password' } });
    await server.post('experiments/create', { name: 'behind-the-door' }, { authorization: `Basic ${Buffer.from('admin:admin-password').toString('base64')}` });
    browser = await launchChromium();
    // 401: not signed in yet, on purpose.
    watched = await openWatchedPage(browser, { allowStatuses: [401] });
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  it('sends a visitor to sign in and back, shows who is signed in, and signs out', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments`);
    await page.waitForURL(/\/signin\?next=%2Fexperiments$/);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }).waitFor();
    await watched.screenshot('sign-in-refused');
    await page.getByLabel('Password').fill('admin-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/experiments$/);
    await page.getByRole('link', { name: 'behind-the-door' }).waitFor();
    await page.locator('.signed-in').filter({ hasText: 'admin' }).waitFor();
    await watched.screenshot('signed-in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((c) => c.name === 'strata_session')?.value ?? '', '');
  });
});

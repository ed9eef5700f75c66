// Single sign-on from the dashboard, in Chromium, against a real OpenID Connect provider
// (oidc-provider, in-process): the sign-in page's "Sign in with <provider>" button goes through
// the provider and back to the page the visitor wanted, signed in; a failed sign-on comes back
// to /signin with its reason shown.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- plain .mjs build script without types
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestProvider, type TestProvider } from '../helpers/oidc-test-provider.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

/** A port free now: the server's public URL (and so the provider's redirect URI) must be known before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('dashboard single sign-on in Chromium', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let provider: TestProvider;
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startTestProvider(`${publicUrl}/api/strata/v1/auth/oidc/callback`);
    provider.accounts.set('sub-ada', { preferred_username: 'ada', email: 'ada@example.com' });
    server = await startTestServer({
      port, publicUrl, firstAdmin: { username: 'admin', password: 'admin-password' },
      oidcIssuer: provider.issuer, oidcClientId: provider.clientId, oidcClientSecret: provider.clientSecret, oidcDisplayName: 'Example SSO',
    });
    browser = await launchChromium();
    // 401: not signed in yet, on purpose.
    watched = await openWatchedPage(browser, { allowStatuses: [401] });
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('signs in through the provider and returns to the page the visitor wanted', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/experiments`);
    await page.waitForURL(/\/signin\?next=%2Fexperiments$/);
    const button = page.getByRole('link', { name: 'Sign in with Example SSO' });
    await button.waitFor();
    await watched.screenshot('sign-in-with-sso');
    provider.nextLogin = 'sub-ada';
    await button.click();
    await page.waitForURL(`${server.url}/experiments`);
    await page.locator('.signed-in').filter({ hasText: 'ada' }).waitFor();
    assert.deepEqual(watched.problems, []);
  });

  it('shows why a single sign-on failed', async () => {
    const { page } = watched;
    await page.context().clearCookies();
    await page.goto(`${server.url}/signin?error=account_conflict`);
    await page.getByRole('alert').filter({ hasText: 'A local account with your user name already exists.' }).waitFor();
    await watched.screenshot('sign-in-sso-conflict');
  });
});

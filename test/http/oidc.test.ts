/**
 * OpenID Connect sign-in against a real provider (oidc-provider, in-process), on SQLite and
 * PostgreSQL: the browser's full round trip (login → provider's login and consent → callback),
 * driven by fetch with manual redirects. Covers the session it creates, just-in-time users,
 * group sync, one-time state, nonce and state checks, open redirects, disabled users, local
 * name conflicts (and an admin's link), and a provider that cannot be reached.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient } from '../../src/client/index.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-test-provider.js';
import { startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { TestBrowser } from '../helpers/test-browser.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('OpenID Connect tests');
const ADMIN_PASSWORD = 'correct horse battery';
const admin = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
/** What Strata calls itself (--public-url); the test browser maps it to the real address. */
const PUBLIC_URL = 'http://strata.test';
const LOGIN = '/api/strata/v1/auth/oidc/login';
const CALLBACK = `${PUBLIC_URL}/api/strata/v1/auth/oidc/callback`;

for (const dialect of dialects) {
  describeOrSkip(`OpenID Connect sign-in on ${dialect.name}`, dialect.skip, () => {
    let provider: TestProvider;
    let server: TestServer;
    before(async () => {
      provider = await startTestProvider(CALLBACK);
      server = await startTestServer({
        backendStoreUri: dialect.uri(),
        firstAdmin: { username: 'admin', password: ADMIN_PASSWORD },
        publicUrl: PUBLIC_URL,
        oidcIssuer: provider.issuer,
        oidcClientId: provider.clientId,
        oidcClientSecret: provider.clientSecret,
        oidcDisplayName: 'Test IdP',
      });
    });
    after(async () => {
      await server?.close();
      await provider?.close();
      await dialect.drop();
    });

    const newBrowser = () => new TestBrowser({ [PUBLIC_URL]: server.url });
    const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<ApiResponse> =>
      toApiResponse(await fetch(`${server.url}${path}`, {
        method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
      }));
    const asAdmin = (method: string, path: string, body?: unknown) => call(method, path, { authorization: admin }, body);

    /** Starts a sign-in and follows the provider until it redirects back; returns the callback URL. */
    async function throughProvider(browser: TestBrowser, subject: string, returnTo = '/experiments'): Promise<string> {
      provider.nextLogin = subject;
      const login = await browser.get(`${server.url}${LOGIN}?return_to=${encodeURIComponent(returnTo)}`);
      assert.equal(login.status, 302, await login.text());
      return browser.followUntil(login.headers.get('location') ?? '', (url) => url.startsWith(CALLBACK));
    }

    /** The whole round trip: the callback's answer (a redirect) and the session cookie, if any. */
    async function signIn(subject: string, returnTo?: string, browser = newBrowser()) {
      const callback = await browser.get(await throughProvider(browser, subject, returnTo));
      return { status: callback.status, location: callback.headers.get('location'), setCookie: callback.headers.getSetCookie(), session: browser.cookie(server.url, 'strata_session'), browser };
    }

    const whoami = async (session: string | undefined) => (await call('GET', '/api/strata/v1/auth/whoami', session === undefined ? {} : { cookie: `strata_session=${session}` })).json;

    it('tells the sign-in page that single sign-on is on, without credentials', async () => {
      const config = await call('GET', '/api/strata/v1/auth/config');
      assert.equal(config.status, 200, config.text);
      assert.deepEqual(config.json, { password: true, oidc: { display_name: 'Test IdP', login_path: LOGIN } });
      assert.deepEqual(await createClient({ trackingUri: server.url }, {}).auth.config(), config.json);
    });

    it('sends the browser to the provider with code flow, PKCE S256, state and nonce', async () => {
      const browser = newBrowser();
      const login = await browser.get(`${server.url}${LOGIN}?return_to=/experiments`);
      assert.equal(login.status, 302);
      const url = new URL(login.headers.get('location') ?? '');
      assert.equal(url.origin, provider.issuer);
      assert.equal(url.searchParams.get('response_type'), 'code');
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      assert.equal(url.searchParams.get('redirect_uri'), CALLBACK);
      assert.equal(url.searchParams.get('scope'), 'openid profile email');
      assert.ok((url.searchParams.get('state') ?? '').length >= 32);
      assert.ok((url.searchParams.get('nonce') ?? '').length >= 32);
      assert.ok((url.searchParams.get('code_challenge') ?? '').length >= 43);
      const stateCookie = login.headers.getSetCookie().find((line) => line.startsWith('strata_oidc_state='));
      assert.match(stateCookie ?? '', /HttpOnly; SameSite=Lax; Path=\/api\/strata\/v1\/auth\/oidc; Max-Age=600/);
    });

    it('signs a new account in: a user created just in time, the session cookie, whoami, the audit log', async () => {
      provider.accounts.set('sub-alice', { preferred_username: 'alice', email: 'alice@example.com' });
      const result = await signIn('sub-alice', '/experiments/0?tab=runs');
      assert.equal(result.status, 302);
      assert.equal(result.location, '/experiments/0?tab=runs');
      const sessionCookie = result.setCookie.find((line) => line.startsWith('strata_session='));
      assert.match(sessionCookie ?? '', /HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200/);
      assert.ok(result.setCookie.some((line) => /^strata_oidc_state=;.*Max-Age=0/.test(line)), 'the state cookie is cleared');
      const me = await whoami(result.session);
      assert.equal(me.authenticated_by, 'session');
      assert.equal(me.user.username, 'alice');
      assert.equal(me.user.is_admin, false);
      const users = await asAdmin('GET', '/api/strata/v1/auth/users');
      assert.ok(users.json.users.some((u: { username: string }) => u.username === 'alice'));
      const audit = await asAdmin('GET', '/api/strata/v1/audit?entity_type=user&entity_id=alice');
      const actions = audit.json.events.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('user.create'), actions.join());
      assert.ok(actions.includes('auth.oidc_login'), actions.join());
      // The same session rules as password sign-in: a cookie write must be JSON or carry the header.
      const form = await call('POST', '/api/2.0/mlflow/experiments/create', { cookie: `strata_session=${result.session}`, 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(form.status, 403);
    });

    it('signs the same account in again as the same user (linked by issuer and subject, not by name)', async () => {
      provider.accounts.set('sub-alice', { preferred_username: 'alice-renamed-at-the-idp' });
      const result = await signIn('sub-alice');
      assert.equal(result.location, '/experiments');
      assert.equal((await whoami(result.session)).user.username, 'alice');
    });

    it('uses the email when the provider sends no preferred_username, sanitizing what HTTP Basic cannot carry', async () => {
      provider.accounts.set('sub-dave', { email: 'dave@example.com' });
      assert.equal((await whoami((await signIn('sub-dave')).session)).user.username, 'dave@example.com');
      provider.accounts.set('sub-eve', { preferred_username: 'eve:admin' });
      assert.equal((await whoami((await signIn('sub-eve')).session)).user.username, 'eve_admin');
      provider.accounts.set('sub-nameless', {});
      assert.equal((await signIn('sub-nameless')).location, '/signin?error=missing_username');
    });

    it('sets memberships of existing groups from the groups claim, creating no group', async () => {
      for (const name of ['ml-team', 'ops']) assert.equal((await asAdmin('POST', '/api/strata/v1/auth/groups/create', { name })).status, 200);
      provider.accounts.set('sub-bob', { preferred_username: 'bob', groups: ['ml-team', 'not-in-strata'] });
      const first = await signIn('sub-bob');
      assert.deepEqual((await whoami(first.session)).user.groups, ['ml-team']);
      const groups = await asAdmin('GET', '/api/strata/v1/auth/groups');
      assert.deepEqual(groups.json.groups.map((g: { name: string }) => g.name).sort(), ['ml-team', 'ops']);
      // The provider is the authority: a membership it no longer claims goes, a new one comes.
      provider.accounts.set('sub-bob', { preferred_username: 'bob', groups: ['ops'] });
      const second = await signIn('sub-bob');
      assert.deepEqual((await whoami(second.session)).user.groups, ['ops']);
    });

    it('refuses a replayed callback: a state is good once', async () => {
      provider.accounts.set('sub-frank', { preferred_username: 'frank' });
      const browser = newBrowser();
      const callbackUrl = await throughProvider(browser, 'sub-frank');
      const stateCookie = browser.cookie(server.url, 'strata_oidc_state');
      const first = await browser.get(callbackUrl);
      assert.equal(first.headers.get('location'), '/experiments');
      const replay = await fetch(callbackUrl.replace(PUBLIC_URL, server.url), { redirect: 'manual', headers: { cookie: `strata_oidc_state=${stateCookie}` } });
      assert.equal(replay.headers.get('location'), '/signin?error=invalid_state');
      assert.equal(replay.headers.getSetCookie().some((line) => line.startsWith('strata_session=')), false);
    });

    it('refuses an unknown state, a state from another browser, and a provider error', async () => {
      const unknown = await newBrowser().get(`${CALLBACK}?code=abc&state=made-up`);
      assert.equal(unknown.headers.get('location'), '/signin?error=invalid_state');
      // Login CSRF: the attacker's callback URL opened in the victim's browser (no state cookie there).
      provider.accounts.set('sub-mallory', { preferred_username: 'mallory' });
      const callbackUrl = await throughProvider(newBrowser(), 'sub-mallory');
      const victim = await newBrowser().get(callbackUrl);
      assert.equal(victim.headers.get('location'), '/signin?error=invalid_state');
      const denied = await newBrowser().get(`${CALLBACK}?error=access_denied&state=x`);
      assert.equal(denied.headers.get('location'), '/signin?error=idp_error');
    });

    it('refuses an ID token whose nonce is not the one the login sent', async () => {
      provider.accounts.set('sub-grace', { preferred_username: 'grace' });
      const browser = newBrowser();
      provider.nextLogin = 'sub-grace';
      const login = await browser.get(`${server.url}${LOGIN}?return_to=/`);
      const authorize = new URL(login.headers.get('location') ?? '');
      authorize.searchParams.set('nonce', 'a-nonce-strata-never-issued-0123456789');
      const callbackUrl = await browser.followUntil(authorize.href, (url) => url.startsWith(CALLBACK));
      const callback = await browser.get(callbackUrl);
      assert.equal(callback.headers.get('location'), '/signin?error=login_failed');
      assert.equal(browser.cookie(server.url, 'strata_session'), undefined);
    });

    it('refuses return_to that leaves the server (open redirect)', async () => {
      for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'experiments']) {
        const login = await call('GET', `${LOGIN}?return_to=${encodeURIComponent(target)}`);
        assert.equal(login.status, 400, target);
        assert.equal(login.json.error_code, 'INVALID_PARAMETER_VALUE');
      }
      const defaulted = await newBrowser().get(`${server.url}${LOGIN}`);
      assert.equal(defaulted.status, 302);
    });

    it('refuses a disabled user, whose existing sessions stop working too', async () => {
      provider.accounts.set('sub-heidi', { preferred_username: 'heidi' });
      const first = await signIn('sub-heidi');
      assert.equal((await whoami(first.session)).user.username, 'heidi');
      const disabled = await asAdmin('POST', '/api/strata/v1/auth/users/set-disabled', { username: 'heidi', disabled: true });
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal((await signIn('sub-heidi')).location, '/signin?error=user_disabled');
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // cached sessions are trusted for 1 s
      assert.equal((await call('GET', '/api/2.0/mlflow/experiments/search?max_results=1', { cookie: `strata_session=${first.session}` })).status, 401);
      assert.equal((await asAdmin('POST', '/api/strata/v1/auth/users/set-disabled', { username: 'heidi', disabled: false })).status, 200);
      assert.equal((await whoami((await signIn('sub-heidi')).session)).user.username, 'heidi');
    });

    it('does not let a provider account take over a local user of the same name, until an admin links them', async () => {
      assert.equal((await asAdmin('POST', '/api/2.0/mlflow/users/create', { username: 'carol', password: 'carols-password' })).status, 200);
      provider.accounts.set('sub-carol', { preferred_username: 'carol' });
      assert.equal((await signIn('sub-carol')).location, '/signin?error=account_conflict');
      const notAdmin = await call('POST', '/api/strata/v1/auth/identities/link', { authorization: `Basic ${Buffer.from('carol:carols-password').toString('base64')}` }, { username: 'carol', subject: 'sub-carol' });
      assert.equal(notAdmin.status, 403);
      assert.equal((await asAdmin('POST', '/api/2.0/mlflow/users/create', { username: 'deploy-bot', service_account: true })).status, 200);
      assert.equal((await asAdmin('POST', '/api/strata/v1/auth/identities/link', { username: 'deploy-bot', subject: 'sub-carol' })).status, 400);
      const linked = await asAdmin('POST', '/api/strata/v1/auth/identities/link', { username: 'carol', subject: 'sub-carol' });
      assert.equal(linked.status, 200, linked.text);
      const result = await signIn('sub-carol');
      assert.equal(result.location, '/experiments');
      assert.equal((await whoami(result.session)).user.username, 'carol');
      assert.equal((await asAdmin('POST', '/api/strata/v1/auth/identities/link', { username: 'carol', subject: 'sub-carol' })).status, 400, 'linked once');
    });
  });
}

describeOrSkip('OpenID Connect with the provider down', false, () => {
  let server: TestServer;
  before(async () => {
    // A port nothing listens on: the server still starts (discovery waits for the first sign-in).
    const closed = await startTestProvider(CALLBACK);
    const issuer = closed.issuer;
    await closed.close();
    server = await startTestServer({
      firstAdmin: { username: 'admin', password: ADMIN_PASSWORD }, publicUrl: PUBLIC_URL, oidcIssuer: issuer, oidcClientId: 'strata',
    });
  });
  after(async () => server?.close());

  it('refuses to start with no user at all: single sign-on would create the first, and no one could administer', async () => {
    await assert.rejects(
      startTestServer({ publicUrl: PUBLIC_URL, oidcIssuer: 'http://127.0.0.1:9', oidcClientId: 'strata' }),
      /OpenID Connect needs an admin first/,
    );
  });

  it('starts, and sends a sign-in to the sign-in page with a clear reason', async () => {
    const login = await fetch(`${server.url}${LOGIN}?return_to=/`, { redirect: 'manual' });
    assert.equal(login.status, 302);
    assert.equal(login.headers.get('location'), '/signin?error=idp_unreachable');
    const config = await toApiResponse(await fetch(`${server.url}/api/strata/v1/auth/config`));
    assert.equal(config.json.oidc.display_name, 'Single sign-on');
  });
});

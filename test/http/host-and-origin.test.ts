// DNS rebinding, cross-origin requests and security headers: a page on another site must
// not be able to drive a server on a developer's laptop through the browser.
// SQLite only: the Host, Origin and header checks under test do not depend on the database.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: { error_code?: string; message?: string } | undefined;
}

/** node:http rather than fetch: fetch may not set Host, and it fills in Origin on its own. */
function send(server: TestServer, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        let json: RawResponse['json'];
        try {
          json = JSON.parse(text) as RawResponse['json'];
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const SEARCH = '/api/2.0/mlflow/experiments/search?max_results=1';
const CREATE = '/api/2.0/mlflow/experiments/create';

describe('Host header allowlist (DNS rebinding)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('refuses a host name the server was not configured for with 403 PERMISSION_DENIED', async () => {
    const res = await send(server, 'GET', SEARCH, { host: 'attacker.example' });
    assert.equal(res.status, 403);
    assert.equal(res.json?.error_code, 'PERMISSION_DENIED');
    assert.match(res.json?.message ?? '', /attacker\.example/);
    const withPort = await send(server, 'GET', SEARCH, { host: `attacker.example:${new URL(server.url).port}` });
    assert.equal(withPort.status, 403);
  });

  it('serves the loopback names on any port when bound to loopback', async () => {
    for (const host of ['localhost', 'localhost:5000', '127.0.0.1:1', '[::1]:8080', 'app.localhost:3000', 'LOCALHOST', new URL(server.url).host]) {
      const res = await send(server, 'GET', SEARCH, { host });
      assert.equal(res.status, 200, `Host: ${host}: ${res.body}`);
    }
  });

  it('keeps /health reachable whatever the host, for load balancers', async () => {
    const res = await send(server, 'GET', '/health', { host: 'attacker.example' });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'OK');
    assert.equal((await send(server, 'GET', '/version', { host: 'attacker.example' })).status, 403);
  });
});

describe('configured allowed hosts', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ allowedHosts: ['mlflow.example.com', '*.corp.example', 'pinned.example:8080'] });
  });
  after(() => server.close());

  it('accepts exactly the listed names, subdomain patterns and pinned ports', async () => {
    const cases: Array<[string, number]> = [
      ['mlflow.example.com', 200],
      ['mlflow.example.com:5000', 200],
      ['a.corp.example', 200],
      ['b.a.corp.example:443', 200],
      ['corp.example', 403],
      ['pinned.example:8080', 200],
      ['pinned.example:9090', 403],
      ['pinned.example', 403],
      // A configured list replaces the defaults.
      ['localhost', 403],
    ];
    for (const [host, status] of cases) {
      assert.equal((await send(server, 'GET', SEARCH, { host })).status, status, `Host: ${host}`);
    }
  });

  it('accepts any host with *', async () => {
    const open = await startTestServer({ allowedHosts: ['*'] });
    try {
      assert.equal((await send(open, 'GET', SEARCH, { host: 'anything.example' })).status, 200);
    } finally {
      await open.close();
    }
  });
});

describe('security headers', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  function assertSecurityHeaders(res: RawResponse, what: string): void {
    assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
    assert.equal(res.headers['x-frame-options'], 'DENY', what);
    assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
  }

  it('sends nosniff, X-Frame-Options and Referrer-Policy on every response', async () => {
    const host = new URL(server.url).host;
    assertSecurityHeaders(await send(server, 'GET', SEARCH, { host }), 'API response');
    assertSecurityHeaders(await send(server, 'GET', '/api/2.0/mlflow/nothing', { host }), '404');
    assertSecurityHeaders(await send(server, 'GET', SEARCH, { host: 'attacker.example' }), '403');
    assertSecurityHeaders(await send(server, 'POST', CREATE, { host, 'content-type': 'application/json' }, '{'), '400');
    assertSecurityHeaders(await send(server, 'GET', '/health', { host }), '/health');
  });

  it('sends a restrictive Content-Security-Policy on pages and downloads but not on JSON answers', async () => {
    const host = new URL(server.url).host;
    const page = await send(server, 'GET', '/version', { host });
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.equal((await send(server, 'GET', SEARCH, { host })).headers['content-security-policy'], undefined);
    assert.equal((await send(server, 'GET', '/api/2.0/mlflow/nothing', { host })).headers['content-security-policy'], undefined);
    // An uploaded HTML artifact opened in a browser must not run script on the server's origin.
    const artifact = '/api/2.0/mlflow-artifacts/artifacts/0/report.html';
    const html = '<script>fetch("/api/2.0/mlflow/experiments/delete")</script>';
    assert.equal((await send(server, 'PUT', artifact, { host, 'content-type': 'text/html' }, html)).status, 200);
    const download = await send(server, 'GET', artifact, { host });
    assert.equal(download.body, html);
    assert.match(String(download.headers['content-security-policy']), /default-src 'self'/);
    // Rendered anyway (an inline viewer), it is an opaque-origin document without script.
    assert.match(String(download.headers['content-security-policy']), /(^|; )sandbox$/);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    // Any artifact, as the ranged HEAD too.
    const svgArtifact = '/api/2.0/mlflow-artifacts/artifacts/0/plot.svg';
    assert.equal((await send(server, 'PUT', svgArtifact, { host }, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')).status, 200);
    assert.match(String((await send(server, 'GET', svgArtifact, { host, range: 'bytes=0-3' })).headers['content-security-policy']), /; sandbox$/);
  });

  it('takes X-Frame-Options from the configuration (NONE leaves it out)', async () => {
    for (const [setting, header, ancestors] of [
      ['SAMEORIGIN', 'SAMEORIGIN', "frame-ancestors 'self'"],
      ['NONE', undefined, undefined],
    ] as const) {
      const configured = await startTestServer({ xFrameOptions: setting });
      try {
        const res = await send(configured, 'GET', '/version', { host: new URL(configured.url).host });
        assert.equal(res.headers['x-frame-options'], header);
        const csp = String(res.headers['content-security-policy']);
        if (ancestors) assert.ok(csp.includes(ancestors), csp);
        else assert.doesNotMatch(csp, /frame-ancestors/);
      } finally {
        await configured.close();
      }
    }
  });
});

describe('CORS', () => {
  it('adds no CORS headers and refuses preflights unless origins are configured', async () => {
    const server = await startTestServer();
    try {
      const host = new URL(server.url).host;
      const res = await send(server, 'GET', SEARCH, { host, origin: 'https://app.example' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      const preflight = await send(server, 'OPTIONS', CREATE, {
        host,
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
      });
      assert.equal(preflight.status, 403);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    } finally {
      await server.close();
    }
  });

  it('answers preflights and allows only the configured origins', async () => {
    const server = await startTestServer({ corsAllowedOrigins: ['https://app.example', 'https://*.notebooks.example'] });
    try {
      const host = new URL(server.url).host;
      const preflight = await send(server, 'OPTIONS', CREATE, {
        host,
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
      assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
      assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/i);
      assert.match(String(preflight.headers.vary), /Origin/);

      const allowed = await send(server, 'GET', SEARCH, { host, origin: 'https://lab.notebooks.example' });
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://lab.notebooks.example');
      const other = await send(server, 'GET', SEARCH, { host, origin: 'https://evil.example' });
      assert.equal(other.headers['access-control-allow-origin'], undefined);
      const refused = await send(server, 'OPTIONS', CREATE, {
        host,
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
      });
      assert.equal(refused.status, 403);
    } finally {
      await server.close();
    }
  });

  it('refuses a state-changing request from another origin, which a browser sends without a preflight', async () => {
    const server = await startTestServer();
    try {
      const host = new URL(server.url).host;
      // A Blob body without a type is a "simple" request: the browser sends it without asking first.
      const crossSite = await send(server, 'POST', CREATE, { host, origin: 'https://attacker.example' }, '{"name":"csrf"}');
      assert.equal(crossSite.status, 403);
      assert.equal(crossSite.json?.error_code, 'PERMISSION_DENIED');
      const sameOrigin = await send(server, 'POST', CREATE, { host, origin: server.url }, '{"name":"same-origin"}');
      assert.equal(sameOrigin.status, 200, sameOrigin.body);
      const noOrigin = await send(server, 'POST', CREATE, { host }, '{"name":"script"}');
      assert.equal(noOrigin.status, 200, noOrigin.body);
    } finally {
      await server.close();
    }
  });
});

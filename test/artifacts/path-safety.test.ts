/**
 * Every way a request could name a location outside the artifact root is refused with
 * 400 and MLflow's error body, for every proxied operation. Paths are sent byte for byte
 * (rawRequest), since fetch would normalise `..` away before it reached the server.
 * SQLite only: the artifact layer checks the paths, whichever database holds the runs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS, startArtifactServer, type ArtifactTestServer } from './artifact-http.js';
import { rawRequest } from './raw-http.js';

/** As they appear in the URL path. */
const BAD_URL_PATHS: Array<[string, string]> = [
  ['dot-dot segment', '../outside.txt'],
  ['dot-dot deeper down', 'a/b/../../../outside.txt'],
  ['absolute path', '/etc/passwd'],
  ['NUL byte', 'a%00b.txt'],
  ['backslash', 'a%5C..%5Coutside.txt'],
  ['percent-encoded traversal', '%2e%2e%2foutside.txt'],
  ['double-encoded traversal', '%252e%252e%252foutside.txt'],
  ['mixed-case encoding', '%2E%2E/outside.txt'],
];

describe('artifact path safety over HTTP', () => {
  let t: ArtifactTestServer;
  let destination: string;
  let outside: string;

  before(async () => {
    destination = await mkdtemp(join(tmpdir(), 'strata-safety-root-'));
    outside = await mkdtemp(join(tmpdir(), 'strata-safety-outside-'));
    await writeFile(join(outside, 'secret.txt'), 'secret');
    t = await startArtifactServer({ artifactsDestination: destination });
    await mkdir(join(destination, t.runRoot), { recursive: true });
    await symlink(outside, join(destination, t.runRoot, 'escape'));
  });
  after(async () => {
    await t.server.close();
    await rm(destination, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const assertRefused = (response: { status: number; json: { error_code?: string; message?: string } }) => {
    assert.equal(response.status, 400, JSON.stringify(response.json));
    assert.equal(response.json.error_code, 'INVALID_PARAMETER_VALUE');
    // A NUL byte is refused for every URL before any route sees it ('Invalid URL path' / 'Invalid query string').
    assert.match(response.json.message ?? '', /Invalid artifact path|outside|Invalid URL path|Invalid query string/);
  };

  for (const [name, path] of BAD_URL_PATHS) {
    it(`refuses a ${name} on upload, download and delete`, async () => {
      assertRefused(await rawRequest(t.server.url, 'PUT', `${ARTIFACTS}/${path}`, { body: 'x' }));
      assertRefused(await rawRequest(t.server.url, 'GET', `${ARTIFACTS}/${path}`));
      assertRefused(await rawRequest(t.server.url, 'DELETE', `${ARTIFACTS}/${path}`));
    });

    it(`refuses a ${name} in the list, get-artifact and multipart endpoints`, async () => {
      assertRefused(await rawRequest(t.server.url, 'GET', `${ARTIFACTS}?path=${path}`));
      assertRefused(await rawRequest(t.server.url, 'GET', `/get-artifact?run_id=${t.runId}&path=${path}`));
      assertRefused(await rawRequest(t.server.url, 'GET', `/api/2.0/mlflow/artifacts/list?run_id=${t.runId}&path=${path}`));
      const create = await rawRequest(t.server.url, 'POST', `/api/2.0/mlflow-artifacts/mpu/create/${path}`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: 'f.bin', num_parts: 1 }),
      });
      assertRefused(create);
    });
  }

  it('refuses reads and writes through a symlink that leaves the root', async () => {
    assertRefused(await rawRequest(t.server.url, 'GET', `${ARTIFACTS}/${t.runRoot}/escape/secret.txt`));
    assertRefused(await rawRequest(t.server.url, 'PUT', `${ARTIFACTS}/${t.runRoot}/escape/planted.txt`, { body: 'x' }));
    assertRefused(await rawRequest(t.server.url, 'GET', `${ARTIFACTS}?path=${t.runRoot}/escape`));
    assert.deepEqual(await readdir(outside), ['secret.txt']);
  });

  it('leaves nothing outside the root after all of the above', async () => {
    assert.deepEqual((await readdir(join(destination, '..'))).filter((n) => n === 'outside.txt'), []);
    assert.deepEqual(await readdir(outside), ['secret.txt']);
  });
});

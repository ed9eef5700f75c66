import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { captureCli } from './capture-cli.js';

/** A port with nothing listening on it. */
async function closedPortUri(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('strata usage and connection errors', () => {
  it('prints help with exit code 0', async () => {
    const result = await captureCli(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /experiments/);
    assert.match(result.stdout, /runs/);
  });

  it('prints the package version for --version and -V, with exit code 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await captureCli([flag]);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `${version}\n`);
    }
  });

  it('exits 2 on an unknown command', async () => {
    const result = await captureCli(['experimentz', 'list']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command/);
  });

  it('exits 2 on a missing argument', async () => {
    const result = await captureCli(['experiments', 'rename', '1']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing required argument/);
  });

  it('exits 2 on a bad option value, before contacting any server', async () => {
    const result = await captureCli(['runs', 'list', '--max', 'lots'], { STRATA_TRACKING_URI: 'http://127.0.0.1:1' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--max must be a positive integer/);
  });

  it('exits 1 with a clear message when the server is unreachable', async () => {
    const uri = await closedPortUri();
    const result = await captureCli(['experiments', 'list'], { STRATA_TRACKING_URI: uri });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`^error: cannot reach ${uri}: ECONNREFUSED \\(NETWORK_ERROR\\)\\n$`));
  });
});

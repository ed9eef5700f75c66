// `strata --help` and the client commands load no data engine, and `strata data` with a local
// remote loads no AWS SDK: each is hundreds of milliseconds of start-up per command. This file
// runs in its own process (node --test), so the module cache holds what these commands loaded.
// It runs the sources; test/cli/cli-bundle.test.ts checks that the built bundle keeps this.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempGitRepo } from '../helpers/temp-git-repo.js';
import { captureCli } from './capture-cli.js';

function loaded(marker: string): string[] {
  return Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes(marker));
}

describe('CLI start-up footprint', () => {
  const t = createTempGitRepo();
  const remote = mkdtempSync(join(tmpdir(), 'strata-footprint-remote-'));
  after(() => {
    t.cleanup();
    rmSync(remote, { recursive: true, force: true });
  });

  it('--help loads neither the data engine (native BLAKE3), the AWS SDK nor the model server\'s runtime (onnxruntime-node)', async () => {
    assert.equal((await captureCli(['--help'])).code, 0);
    assert.deepEqual(loaded('/node_modules/@napi-rs/blake-hash'), []);
    assert.deepEqual(loaded('/node_modules/@aws-sdk/'), []);
    // strata serve's engine is imported inside its action only.
    assert.deepEqual(loaded('/node_modules/onnxruntime-node/'), []);
    assert.deepEqual(loaded('/node_modules/prom-client/'), []);
  });

  it('data add, status and push to a folder remote load no AWS SDK', async () => {
    t.write('data/a.txt', 'a');
    for (const argv of [['add', 'data'], ['status'], ['remote', 'add', 'backup', remote, '--default'], ['push']]) {
      const res = await captureCli(['data', ...argv], {}, { cwd: t.dir });
      assert.equal(res.code, 0, res.stderr);
    }
    assert.ok(loaded('/node_modules/@napi-rs/blake-hash').length > 0, 'the module cache shows CommonJS packages');
    assert.deepEqual(loaded('/node_modules/@aws-sdk/'), []);
  });
});

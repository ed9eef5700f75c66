// A server on SQLite with a local artifact root keeps resident only what it uses: no
// PostgreSQL driver, no AWS SDK, no Fastify schema compilers (Ajv, fast-json-stringify).
// Each of those is tens to hundreds of modules and several MiB of the process's memory
// (issue 3: server RSS under 200 MiB while 2 GiB go up and down). This file runs in its
// own process (node --test), so the module cache holds what this server loaded. It runs the
// sources; test/cli/cli-bundle.test.ts checks that `strata server` from the built bundle keeps
// pg and the AWS SDK behind their dynamic imports (fastify stays in node_modules there).
// SQLite only by design: a PostgreSQL store is exactly what loads the pg driver.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startTestServer } from '../helpers/start-test-server.js';

const UNNEEDED = ['/node_modules/pg/', '/node_modules/@aws-sdk/', '/node_modules/ajv/', '/node_modules/fast-json-stringify/index.js'];

describe('server start-up footprint', () => {
  it('loads no unneeded driver, SDK or schema compiler (SQLite + local artifacts, after serving requests)', async () => {
    const server = await startTestServer();
    try {
      assert.equal((await server.post('experiments/create', { name: 'footprint' })).status, 200);
      assert.equal((await server.get('/health')).status, 200);
    } finally {
      await server.close();
    }
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    assert.ok(loaded.some((file) => file.includes('/node_modules/fastify/')), 'the module cache shows CommonJS packages');
    for (const marker of UNNEEDED) {
      assert.deepEqual(loaded.filter((file) => file.includes(marker)), [], `${marker} was loaded`);
    }
  });
});

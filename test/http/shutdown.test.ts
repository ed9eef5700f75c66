// close() (what SIGTERM triggers): in-flight requests finish, a request that never
// completes is cut after the grace period, and the database is closed either way. On SQLite
// and PostgreSQL: a finished upload writes its audit event while the server closes, and
// PostgreSQL's pool must end only after that (test-dialects.ts).
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { startServer, type RunningServer } from '../../src/server/main.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('shutdown tests');

async function withServer(backendStoreUri: string, graceMs: number, fn: (url: URL, close: () => Promise<void>, server: RunningServer) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-shutdown-'));
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      backendStoreUri,
      artifactsDestination: join(dir, 'artifacts'),
      serveArtifacts: true,
    },
    { shutdownGraceMs: graceMs },
  );
  try {
    await fn(new URL(server.url), () => server.close(), server);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Starts an artifact upload that announces 1 MiB and sends only 10 bytes, leaving the socket open,
 * and resolves once the server has taken the request (a request that arrives after close() gets
 * 503; a fixed pause before close() was too short on a loaded machine).
 */
async function stalledUpload(server: RunningServer, url: URL): Promise<net.Socket> {
  const requested = once(server.app.server, 'request');
  const socket = net.connect(Number(url.port), url.hostname);
  socket.write(
    'PUT /api/2.0/mlflow-artifacts/artifacts/0/stalled.bin HTTP/1.1\r\n' +
      `Host: ${url.host}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n` +
      '0123456789',
  );
  socket.on('error', () => {});
  await requested;
  return socket;
}

for (const dialect of dialects) {
  describeOrSkip(`graceful shutdown on ${dialect.name}`, dialect.skip, () => {
    after(() => dialect.drop());

    it('lets an in-flight request finish before closing', async () => {
      await withServer(dialect.uri(), 5_000, async (url, close, server) => {
        const socket = await stalledUpload(server, url);
        const closed = close();
        // The upload completes while the server is closing: it must be served, not cut.
        socket.write(Buffer.alloc(1048576 - 10));
        const reply = await new Promise<string>((resolve) => {
          let text = '';
          socket.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes('\r\n\r\n')) resolve(text);
          });
        });
        assert.match(reply, /^HTTP\/1\.1 200/);
        const started = Date.now();
        await closed;
        // The connection is closed as soon as it goes idle, not held until the grace period ends.
        assert.ok(Date.now() - started < 3_000, 'close() held an idle keep-alive connection');
      });
    });

    it('cuts a request that never completes once the grace period is over', async () => {
      await withServer(dialect.uri(), 300, async (url, close, server) => {
        const socket = await stalledUpload(server, url);
        const started = Date.now();
        await close();
        assert.ok(Date.now() - started < 5_000, 'close() waited for a request that never ends');
        socket.destroy();
      });
    });
  });
}

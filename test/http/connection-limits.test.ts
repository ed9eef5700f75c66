// Slow and idle clients: a body that stops arriving is answered 408 and closed, a large
// body sent steadily is not cut however long it takes, slow headers are cut, and
// connections beyond the cap are closed on arrival. Raw sockets on loopback, small limits.
// SQLite only: sockets and timers of the HTTP server are under test, not the database.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

const IDLE_MS = 300;

interface Connection {
  socket: net.Socket;
  /** Everything the server sent, once it closed the connection (rejects after `withinMs`). */
  closed(withinMs: number): Promise<string>;
  /** The text received so far. */
  received(): string;
}

async function connect(server: TestServer): Promise<Connection> {
  const url = new URL(server.url);
  const socket = net.connect(Number(url.port), url.hostname);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => {});
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => text,
    closed: (withinMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still open after ${withinMs} ms; received: ${JSON.stringify(text)}`)), withinMs);
        void ended.then(() => {
          clearTimeout(timer);
          resolve(text);
        });
      }),
  };
}

function headers(server: TestServer, requestLine: string, contentLength: number, contentType = 'application/json'): string {
  return `${requestLine}\r\nHost: ${new URL(server.url).host}\r\nContent-Type: ${contentType}\r\nContent-Length: ${contentLength}\r\n\r\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('body idle timeout', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ bodyIdleTimeoutMs: IDLE_MS });
  });
  after(() => server.close());

  it('answers 408 and closes a request whose body never comes', async () => {
    const conn = await connect(server);
    conn.socket.write(headers(server, 'POST /api/2.0/mlflow/experiments/create HTTP/1.1', 100));
    const started = Date.now();
    const text = await conn.closed(5_000);
    assert.match(text, /^HTTP\/1\.1 408/);
    assert.match(text, /"error_code":"BAD_REQUEST"/);
    assert.ok(Date.now() - started >= IDLE_MS - 50, 'closed before the idle timeout');
  });

  it('closes a request refused before its body is read (unknown Host) once the body stalls', async () => {
    const conn = await connect(server);
    conn.socket.write('POST /api/2.0/mlflow/experiments/create HTTP/1.1\r\nHost: attacker.example\r\nContent-Length: 100\r\n\r\n');
    assert.match(await conn.closed(5_000), /^HTTP\/1\.1 403/);
  });

  it('closes an artifact upload that stops sending half-way', async () => {
    const conn = await connect(server);
    conn.socket.write(
      headers(server, 'PUT /api/2.0/mlflow-artifacts/artifacts/0/stalled.bin HTTP/1.1', 1_000_000, 'application/octet-stream'),
    );
    conn.socket.write(Buffer.alloc(50_000));
    await conn.closed(5_000);
  });

  it('lets a large upload through that sends steadily for longer than the idle timeout', async () => {
    const conn = await connect(server);
    const chunk = Buffer.alloc(64 * 1024, 7);
    const chunks = 12; // one every 100 ms: 1.2 s in all, four idle timeouts
    conn.socket.write(
      headers(server, 'PUT /api/2.0/mlflow-artifacts/artifacts/0/steady.bin HTTP/1.1', chunk.length * chunks, 'application/octet-stream'),
    );
    for (let i = 0; i < chunks; i++) {
      await sleep(100);
      conn.socket.write(chunk);
    }
    for (let waited = 0; !conn.received().includes('\r\n\r\n') && waited < 5_000; waited += 20) await sleep(20);
    assert.match(conn.received(), /^HTTP\/1\.1 200/);
    conn.socket.destroy();
  });

  it('closes a connection whose headers never finish', async () => {
    const conn = await connect(server);
    conn.socket.write(`GET /health HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nX-Slow: `);
    const text = await conn.closed(5_000);
    assert.match(text, /^HTTP\/1\.1 408/);
  });
});

describe('connection cap', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ maxConnections: 2 });
  });
  after(() => server.close());

  it('closes connections beyond the cap on arrival and keeps serving the others', async () => {
    const first = await connect(server);
    const second = await connect(server);
    for (let waited = 0; waited < 2_000; waited += 10) {
      const open = await new Promise<number>((resolve) => server.app.server.getConnections((_e, count) => resolve(count)));
      if (open === 2) break;
      await sleep(10);
    }
    const third = await connect(server);
    third.socket.write(`GET /health HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n\r\n`);
    assert.equal(await third.closed(2_000), '');
    first.socket.write(`GET /health HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nConnection: close\r\n\r\n`);
    assert.match(await first.closed(2_000), /^HTTP\/1\.1 200[\s\S]*OK$/);
    second.socket.destroy();
  });
});

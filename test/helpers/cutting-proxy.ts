/**
 * A TCP proxy that lets a budget of bytes through and then cuts the network: every open
 * connection is destroyed mid-stream and new ones are dropped at once. Tests put it between
 * a client and a server to interrupt a transfer at a byte count rather than a moment. It
 * also counts the HTTP/1.1 requests that went through (by their request lines).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface CuttingProxy {
  /** `127.0.0.1:port` */
  host: string;
  /** Bytes that went through so far, in the counted direction. */
  bytes(): number;
  isCut(): boolean;
  /** HTTP/1.1 request lines seen from clients so far. */
  requests(): number;
  close(): Promise<void>;
}

export interface CuttingProxyOptions {
  target: { host: string; port: number };
  /** Cut once this many bytes went through in the counted direction (Infinity: never). */
  budgetBytes: number;
  /** 'up' counts client → server bytes (uploads); 'down' counts server → client (downloads). */
  direction: 'up' | 'down';
}

const REQUEST_LINE_END = ' HTTP/1.1\r\n';
const REQUEST_LINE = / HTTP\/1\.1\r\n/g;

export async function startCuttingProxy(options: CuttingProxyOptions): Promise<CuttingProxy> {
  const sockets = new Set<Socket>();
  let total = 0;
  let cut = false;
  let requests = 0;
  const cutAll = (): void => {
    cut = true;
    for (const socket of sockets) socket.destroy();
  };
  const count = (n: number): void => {
    total += n;
    if (total >= options.budgetBytes) cutAll();
  };
  const server: Server = createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = createConnection(options.target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    let tail = '';
    client.on('data', (chunk: Buffer) => {
      // A request line may straddle two chunks: keep the end of the previous one.
      const text = tail + chunk.toString('latin1');
      requests += text.match(REQUEST_LINE)?.length ?? 0;
      tail = text.slice(-(REQUEST_LINE_END.length - 1));
      if (options.direction === 'up') count(chunk.length);
      if (!cut) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (options.direction === 'down') count(chunk.length);
      if (!cut) client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    host: `127.0.0.1:${address.port}`,
    bytes: () => total,
    isCut: () => cut,
    requests: () => requests,
    close: async () => {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

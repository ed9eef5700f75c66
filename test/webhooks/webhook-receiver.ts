/**
 * A webhook receiver for tests: node:http on 127.0.0.1, recording every request, answering
 * as the test says (a status, or never). Signature checks use node:crypto directly, not
 * Strata's code, so a wrong signature cannot pass by agreeing with itself.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { entity: string; action: string; timestamp: string; data: Record<string, unknown> };
  at: number;
}

/** A status to answer with, or 'hang' to never answer. */
export type Answer = number | 'hang';

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startReceiver(answer: (request: ReceivedRequest, index: number) => Answer = () => 200): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const received: ReceivedRequest = { headers: req.headers, body, json: JSON.parse(body) as ReceivedRequest['json'], at: Date.now() };
      requests.push(received);
      waiters.splice(0).forEach((wake) => wake());
      const reply = answer(received, requests.length - 1);
      if (reply === 'hang') return;
      res.writeHead(reply, { 'content-type': 'text/plain' }).end(reply >= 400 ? `receiver says ${reply} ${'x'.repeat(5000)}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${requests.length} of ${count} requests in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return requests.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** MLflow 3's check: HMAC-SHA256(secret, "<delivery id>.<timestamp>.<body>"), base64, "v1," prefix. */
export function verifySignature(secret: string, request: ReceivedRequest): boolean {
  const deliveryId = String(request.headers['x-mlflow-delivery-id']);
  const timestamp = String(request.headers['x-mlflow-timestamp']);
  const signature = String(request.headers['x-mlflow-signature']);
  const expected = `v1,${createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${request.body}`).digest('base64')}`;
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

/** A port nothing listens on (bound, then released). */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

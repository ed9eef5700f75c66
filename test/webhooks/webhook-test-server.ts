/**
 * A Strata server for webhook tests: fast retry policy, attempt log captured, JSON helpers,
 * and 127.0.0.1 on the destination allow-list (receivers listen there; loopback is refused
 * by default). Pass `allowedHosts: []` to test the default destination policy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/main.js';
import type { WebhookServerOptions } from '../../src/server/webhooks/wire-webhooks.js';

export interface Reply {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index freely into responses
  ms: number;
}

export interface WebhookTestServer extends RunningServer {
  log: string[];
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Reply>;
}

export const FAST_POLICY = { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 1_000, maxAttempts: 3 };

/** Where test receivers listen (webhook-receiver.ts). */
export const RECEIVER_HOSTS = ['127.0.0.1'];

export async function startWebhookServer(backendStoreUri: string, webhooks: WebhookServerOptions = {}): Promise<WebhookTestServer> {
  const artifacts = await mkdtemp(join(tmpdir(), 'strata-webhook-test-'));
  const log: string[] = [];
  const server = await startServer(
    { host: '127.0.0.1', port: 0, backendStoreUri, artifactsDestination: artifacts, serveArtifacts: true },
    {
      webhooks: {
        pollIntervalMs: 50,
        log: (line) => log.push(line),
        allowedHosts: RECEIVER_HOSTS,
        ...webhooks,
        policy: { ...FAST_POLICY, ...webhooks.policy },
      },
    },
  );
  return {
    ...server,
    log,
    close: async () => {
      await server.close();
      await rm(artifacts, { recursive: true, force: true });
    },
    async call(method, path, body) {
      const url = path.startsWith('/') ? `${server.url}${path}` : `${server.url}/api/2.0/mlflow/${path}`;
      const started = performance.now();
      const response = await fetch(url, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
    },
  };
}

export const MODEL_VERSION_CREATED = { entity: 'MODEL_VERSION', action: 'CREATED' } as const;
export const REGISTERED_MODEL_CREATED = { entity: 'REGISTERED_MODEL', action: 'CREATED' } as const;

/** Polls the delivery log until `done` holds for it. */
export async function waitForDeliveries(
  server: WebhookTestServer,
  webhookId: string,
  done: (deliveries: any[]) => boolean, // eslint-disable-line @typescript-eslint/no-explicit-any
  timeoutMs = 10_000,
): Promise<any[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await server.call('GET', `/api/strata/v1/webhooks/${webhookId}/deliveries`);
    if (reply.status !== 200) throw new Error(`deliveries: ${reply.status} ${JSON.stringify(reply.json)}`);
    if (done(reply.json.deliveries)) return reply.json.deliveries;
    if (Date.now() > deadline) throw new Error(`deliveries not done in ${timeoutMs} ms: ${JSON.stringify(reply.json.deliveries)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Small helpers for the artifact HTTP tests: a test server with a run, its artifact URLs, an upload cut short. */
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import type { RunningServer, ServerConfig } from '../../src/server/main.js';

export const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

export interface ArtifactTestServer {
  server: TestServer;
  experimentId: string;
  runId: string;
  /** `<experiment>/<run>/artifacts`: the run's root inside the store. */
  runRoot: string;
}

export async function startArtifactServer(overrides: Partial<ServerConfig> = {}): Promise<ArtifactTestServer> {
  const server = await startTestServer(overrides);
  const { experimentId, runId } = await createExperimentAndRun(server);
  return { server, experimentId, runId, runRoot: `${experimentId}/${runId}/artifacts` };
}

export async function put(server: TestServer, path: string, body: string | Buffer): Promise<Response> {
  return fetch(`${server.url}${ARTIFACTS}/${path}`, { method: 'PUT', body });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Sends headers promising `declared` bytes, then `sent` bytes, waits until the server has read
 * all of them (rather than for a fixed pause, which a loaded machine outlasts), then destroys
 * the socket: the server is cut off mid-body. Expects no other request to arrive meanwhile.
 */
export async function uploadHalfThenHangUp(server: RunningServer, path: string, declared: number, sent: number): Promise<void> {
  const { hostname, port } = new URL(server.url);
  const arrived = once(server.app.server, 'request') as Promise<[IncomingMessage]>;
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const head = `PUT ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: ${declared}\r\n\r\n`;
  socket.write(head);
  socket.write(Buffer.alloc(sent, 1));
  const [request] = await arrived;
  await waitFor(async () => request.socket.bytesRead >= Buffer.byteLength(head) + sent);
  socket.destroy();
}

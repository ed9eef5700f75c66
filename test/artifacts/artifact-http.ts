/** Small helpers for the artifact HTTP tests: a test server with a run, its artifact URLs, an upload cut short. */
import { connect } from 'node:net';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import type { ServerConfig } from '../../src/server/main.js';

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

/** Sends headers promising `declared` bytes, then `sent` bytes, then destroys the socket. */
export async function uploadHalfThenHangUp(url: string, path: string, declared: number, sent: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(`PUT ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: ${declared}\r\n\r\n`);
  socket.write(Buffer.alloc(sent, 1));
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.destroy();
}

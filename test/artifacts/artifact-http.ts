/** Small helpers for the artifact HTTP tests: a test server with a run, and its artifact URLs. */
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

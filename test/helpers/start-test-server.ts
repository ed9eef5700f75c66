/**
 * An in-process Strata server on 127.0.0.1, a free port and (by default) an in-memory
 * SQLite store, with small fetch helpers that speak MLflow's JSON. Shared by the
 * HTTP, client and CLI tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerConfig, type StartServerOptions } from '../../src/server/main.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index freely into responses
}

export interface TestServer extends RunningServer {
  /** POST JSON to `/api/2.0/mlflow/<path>` (or to `path` itself when it starts with "/"). */
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /** GET with query parameters; arrays become repeated parameters, as MLflow's clients send them. */
  get(path: string, query?: Record<string, string | number | Array<string | number>>): Promise<ApiResponse>;
}

function fullUrl(base: string, path: string): string {
  return path.startsWith('/') ? `${base}${path}` : `${base}/api/2.0/mlflow/${path}`;
}

export async function toApiResponse(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}, options: StartServerOptions = {}): Promise<TestServer> {
  // A fresh artifact directory per server, removed on close (unless the test chose its own).
  const ownDestination = overrides.artifactsDestination === undefined ? await mkdtemp(join(tmpdir(), 'strata-test-artifacts-')) : undefined;
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    backendStoreUri: 'sqlite:///:memory:',
    artifactsDestination: ownDestination ?? '',
    serveArtifacts: true,
    ...overrides,
  }, options);
  const close = async () => {
    await server.close();
    if (ownDestination) await rm(ownDestination, { recursive: true, force: true });
  };
  return {
    ...server,
    close,
    post: async (path, body = {}, headers = {}) =>
      toApiResponse(
        await fetch(fullUrl(server.url, path), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    get: async (path, query = {}) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
      }
      const suffix = params.size > 0 ? `?${params}` : '';
      return toApiResponse(await fetch(`${fullUrl(server.url, path)}${suffix}`));
    },
  };
}

/** Creates an experiment and a run in it; returns their ids. */
export async function createExperimentAndRun(
  server: TestServer,
  name = `exp-${Math.random().toString(36).slice(2)}`,
): Promise<{ experimentId: string; runId: string }> {
  const experiment = await server.post('experiments/create', { name });
  if (experiment.status !== 200) throw new Error(`experiments/create failed: ${experiment.text}`);
  const experimentId = experiment.json.experiment_id as string;
  const run = await server.post('runs/create', { experiment_id: experimentId, start_time: Date.now() });
  if (run.status !== 200) throw new Error(`runs/create failed: ${run.text}`);
  return { experimentId, runId: run.json.run.info.run_id as string };
}

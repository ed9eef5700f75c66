/** Registry requests for HTTP tests: PATCH and DELETE with JSON bodies, as MLflow's client sends them. */
import type { ApiResponse, TestServer } from './start-test-server.js';

export function registryCalls(server: TestServer) {
  async function send(method: 'PATCH' | 'DELETE', path: string, body: unknown): Promise<ApiResponse> {
    const response = await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }
  return {
    send,
    createModel: (name: string, extra: Record<string, unknown> = {}) => server.post('registered-models/create', { name, ...extra }),
    createVersion: (body: Record<string, unknown>) => server.post('model-versions/create', body),
  };
}

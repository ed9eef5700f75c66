/** Registry requests for HTTP tests: PATCH and DELETE with JSON bodies, as MLflow's client sends them. */
import { toApiResponse, type ApiResponse, type TestServer } from './start-test-server.js';

export function registryCalls(server: TestServer) {
  async function send(method: 'PATCH' | 'DELETE', path: string, body: unknown): Promise<ApiResponse> {
    return toApiResponse(
      await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  }
  return {
    send,
    createModel: (name: string, extra: Record<string, unknown> = {}) => server.post('registered-models/create', { name, ...extra }),
    createVersion: (body: Record<string, unknown>) => server.post('model-versions/create', body),
  };
}

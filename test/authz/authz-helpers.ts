/** A server with the fake authenticator (auth on) and a small caller that signs requests in as someone. */
import type { DefaultRole } from '../../src/core/auth/authorization-service.js';
import { OPEN_PRINCIPAL } from '../../src/core/auth/principal.js';
import { as, fakeAuthenticator } from '../helpers/fake-authenticator.js';
import { startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';

export interface AuthzServer {
  server: TestServer;
  /** `who`: `user:alice`, `admin:root`, `user:bob@team+read`… Paths without a leading `/` are MLflow's. */
  call(who: string, method: string, path: string, body?: Record<string, unknown>): Promise<ApiResponse>;
  /**
   * Gives the fake authenticator's names user rows (service accounts: no password), for what
   * needs an existing user, such as MLflow's permissions/create. Returns their ids by name.
   */
  createUsers(...usernames: string[]): Promise<Record<string, string>>;
}

/** Webhooks may reach this loopback address (nothing listens: deliveries just fail). */
export const HOOK_URL = 'http://127.0.0.1:9/hook';

export async function startAuthzServer(defaultPermission: DefaultRole = 'none', backendStoreUri?: string): Promise<AuthzServer> {
  const server = await startTestServer(
    { defaultPermission, ...(backendStoreUri ? { backendStoreUri } : {}) },
    { authenticator: fakeAuthenticator, webhooks: { allowedHosts: ['127.0.0.1'], pollIntervalMs: 60_000 } },
  );
  const call = async (who: string, method: string, path: string, body: Record<string, unknown> = {}) => {
    const base = path.startsWith('/') ? `${server.url}${path}` : `${server.url}/api/2.0/mlflow/${path}`;
    const inQuery = method === 'GET' || method === 'HEAD';
    const params = new URLSearchParams();
    if (inQuery) {
      for (const [key, value] of Object.entries(body)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
      }
    }
    const url = params.size > 0 ? `${base}${base.includes('?') ? '&' : '?'}${params}` : base;
    const headers: Record<string, string> = { ...as(who) };
    if (!inQuery) headers['content-type'] = 'application/json';
    return toApiResponse(await fetch(url, { method, headers, body: inQuery ? undefined : JSON.stringify(body) }));
  };
  const createUsers = async (...usernames: string[]) => {
    const ids: Record<string, string> = {};
    for (const username of usernames) {
      ids[username] = (await server.identity.users.createUnchecked(OPEN_PRINCIPAL, { username, isServiceAccount: true })).userId;
    }
    return ids;
  };
  return { server, call, createUsers };
}

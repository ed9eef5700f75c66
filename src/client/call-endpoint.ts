/**
 * One request to an endpoint of src/api's tables (MLflow's or Strata's), over a transport.
 * The browser-safe namespaces of create-client.ts are built from this and nothing else.
 */
import type { HttpMethod } from '../api/mlflow-tracking.js';
import type { HttpTransport } from './http-transport.js';
import type { RequestSafety } from './retry-policy.js';

export interface EndpointRef {
  readonly methods: readonly [HttpMethod, ...HttpMethod[]];
  readonly path: string;
}

/** Sends `request` to `prefix + endpoint.path` with the endpoint's first method. */
export function callEndpoint<T>(
  transport: HttpTransport,
  prefix: string,
  endpoint: EndpointRef,
  request: object,
  safety: RequestSafety = 'idempotent',
  signal?: AbortSignal,
): Promise<T> {
  const path = `${prefix}${endpoint.path}`;
  return transport.send(signal ? { method: endpoint.methods[0], path, body: request, safety, signal } : { method: endpoint.methods[0], path, body: request, safety }) as Promise<T>;
}

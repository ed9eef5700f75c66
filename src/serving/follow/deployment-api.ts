/**
 * The three deployment calls a serving process makes (register, heartbeat, record an event).
 * A port: the recorder is tested with a fake; the CLI wires the SDK's `client.deployments`. One
 * attempt per call: the recorder does its own retrying, with the events queued in order.
 */
import type { DeploymentEventResponse, DeploymentWire, RecordDeploymentEventRequest, RegisterDeploymentRequest } from '../../api/strata-deployments.js';
import { deploymentsApi } from '../../client/client-deployments.js';
import { HttpTransport, type HttpTransportOptions } from '../../client/http-transport.js';

export interface DeploymentApi {
  register(request: RegisterDeploymentRequest): Promise<{ deployment: DeploymentWire }>;
  heartbeat(deploymentId: string): Promise<void>;
  recordEvent(request: RecordDeploymentEventRequest): Promise<DeploymentEventResponse>;
}

export function httpDeploymentApi(options: HttpTransportOptions): DeploymentApi {
  const sdk = deploymentsApi(new HttpTransport({ ...options, retry: { maxAttempts: 1 }, timeoutMs: options.timeoutMs ?? 5_000 }));
  return {
    register: async (r) => ({
      deployment: await sdk.register({ name: r.name, endpointUrl: r.endpoint_url, host: r.host, modelUri: r.model_uri, ...(r.environment !== undefined ? { environment: r.environment } : {}), ...(r.pid !== undefined ? { pid: r.pid } : {}) }),
    }),
    heartbeat: async (deploymentId) => {
      await sdk.heartbeat(deploymentId);
    },
    recordEvent: (r) =>
      sdk.recordEvent({
        deploymentId: r.deployment_id,
        kind: r.kind,
        reason: r.reason,
        ...(r.from_version !== undefined ? { fromVersion: r.from_version } : {}),
        ...(r.to_version !== undefined ? { toVersion: r.to_version } : {}),
        ...(r.message !== undefined ? { message: r.message } : {}),
        ...(r.time !== undefined ? { time: r.time } : {}),
      }),
  };
}

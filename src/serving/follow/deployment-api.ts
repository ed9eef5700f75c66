/**
 * The three deployment calls a serving process makes (register, heartbeat, record an event),
 * over the wire contract of src/api/strata-deployments.ts. A port: the recorder is tested with a
 * fake, the CLI wires the HTTP one. One attempt per call: the recorder does its own retrying, with
 * the events queued in order.
 */
import {
  STRATA_DEPLOYMENT_ENDPOINTS,
  type DeploymentEventResponse,
  type DeploymentResponse,
  type RecordDeploymentEventRequest,
  type RegisterDeploymentRequest,
} from '../../api/strata-deployments.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import { HttpTransport, type HttpTransportOptions } from '../../client/http-transport.js';

export interface DeploymentApi {
  register(request: RegisterDeploymentRequest): Promise<DeploymentResponse>;
  heartbeat(deploymentId: string): Promise<void>;
  recordEvent(request: RecordDeploymentEventRequest): Promise<DeploymentEventResponse>;
}

export function httpDeploymentApi(options: HttpTransportOptions): DeploymentApi {
  const transport = new HttpTransport({ ...options, retry: { maxAttempts: 1 }, timeoutMs: options.timeoutMs ?? 5_000 });
  const post = (endpoint: { path: string }, body: object) =>
    transport.send({ method: 'POST', path: `${STRATA_API_PREFIX}${endpoint.path}`, body, safety: 'create' });
  return {
    register: async (request) => (await post(STRATA_DEPLOYMENT_ENDPOINTS.registerDeployment, request)) as DeploymentResponse,
    heartbeat: async (deploymentId) => {
      await post(STRATA_DEPLOYMENT_ENDPOINTS.deploymentHeartbeat, { deployment_id: deploymentId });
    },
    recordEvent: async (request) => (await post(STRATA_DEPLOYMENT_ENDPOINTS.recordDeploymentEvent, request)) as DeploymentEventResponse,
  };
}

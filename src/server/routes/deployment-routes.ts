/**
 * Deployment records under /api/strata/v1/deployments (issue 15). Handlers only translate.
 * Registering names its model in `model_uri`, so the route table checks the editor role there;
 * the other routes name an instance or a deployment name, so they ask for a signed-in caller and
 * the service checks the model it resolves to (deployment-service.ts), answering an instance of
 * a model the caller may not read as missing and leaving such instances out of lists.
 */
import type {
  DeploymentEventResponse,
  DeploymentHistoryResponse,
  DeploymentResponse,
  ListDeploymentsResponse,
  RollbackDeploymentResponse,
  ServedAtResponse,
  STRATA_DEPLOYMENT_ENDPOINTS,
} from '../../api/strata-deployments.js';
import { invalidParameter } from '../../core/errors.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import type { DeploymentService } from '../../core/services/deployment-service.js';
import type { RoutePermission } from '../auth/route-permission.js';
import { deploymentEventToWire, deploymentToWire, rollbackToWire, servedAtToWire } from '../mappers/deployment-mapper.js';
import type { RequestFields } from '../request-fields.js';
import type { ApiHandler } from './api-handler.js';

type DeploymentEndpoint = keyof typeof STRATA_DEPLOYMENT_ENDPOINTS;

export const DEPLOYMENT_ROUTE_PERMISSIONS: Record<DeploymentEndpoint, RoutePermission> = {
  // The serving process runs with a token that may edit the model it serves.
  registerDeployment: { kind: 'model', role: 'editor', locate: { by: 'model-uri', field: 'model_uri' } },
  deploymentHeartbeat: { kind: 'signed-in', scope: 'write' },
  recordDeploymentEvent: { kind: 'signed-in', scope: 'write' },
  listDeployments: { kind: 'filtered', resource: 'model' },
  getDeployment: { kind: 'signed-in', scope: 'read' },
  deploymentHistory: { kind: 'filtered', resource: 'model' },
  deploymentServedAt: { kind: 'filtered', resource: 'model' },
  // Editor, as promoting is: the model's policy, not the route, decides what a protected alias needs.
  rollbackDeployment: { kind: 'signed-in', scope: 'write' },
};

/** A time parameter: a JSON number, or text (a query string's value, ISO 8601, a duration back). */
function timeField(fields: RequestFields, name: string): number | string | undefined {
  const value = fields.raw(name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw invalidParameter(`Invalid value for parameter '${name}': expected milliseconds since the epoch, an ISO-8601 time or a duration back such as 2h.`);
}

function optionalString(fields: RequestFields, name: string): string | undefined {
  const value = fields.string(name);
  return value === undefined || value === '' ? undefined : value;
}

export function deploymentRoutes(deployments: DeploymentService): Record<DeploymentEndpoint, ApiHandler> {
  return {
    registerDeployment: async ({ fields, access, principal, actor }): Promise<DeploymentResponse> => {
      const environment = optionalString(fields, 'environment');
      const pid = fields.int64('pid');
      const deployment = await deployments.register(access, principal, actor, {
        name: fields.requiredString('name'),
        ...(environment === undefined ? {} : { environment }),
        endpointUrl: fields.requiredString('endpoint_url'),
        host: fields.requiredString('host'),
        ...(pid === undefined ? {} : { pid }),
        modelUri: fields.requiredString('model_uri'),
      });
      return { deployment: deploymentToWire(deployment) };
    },
    deploymentHeartbeat: async ({ fields, access }): Promise<DeploymentResponse> => ({
      deployment: deploymentToWire(await deployments.heartbeat(access, fields.requiredString('deployment_id'))),
    }),
    recordDeploymentEvent: async ({ fields, access, actor }): Promise<DeploymentEventResponse> => {
      const message = fields.string('message');
      const time = fields.int64('time');
      const { event, deployment } = await deployments.recordEvent(access, actor, {
        deploymentId: fields.requiredString('deployment_id'),
        kind: fields.requiredString('kind'),
        fromVersion: fields.raw('from_version'),
        toVersion: fields.raw('to_version'),
        reason: fields.requiredString('reason'),
        ...(message === undefined ? {} : { message }),
        ...(time === undefined ? {} : { time }),
      });
      return { event: deploymentEventToWire(event), deployment: deploymentToWire(deployment) };
    },
    listDeployments: async ({ fields, access }): Promise<ListDeploymentsResponse> => {
      const name = optionalString(fields, 'name');
      const modelName = optionalString(fields, 'model_name');
      const version = fields.raw('version');
      const environment = optionalString(fields, 'environment');
      const maxResults = fields.int64('max_results');
      const list = await deployments.list(access, {
        ...(name === undefined ? {} : { name }),
        ...(modelName === undefined ? {} : { modelName }),
        ...(version === undefined || version === null || version === '' ? {} : { version: parseModelVersion(version) }),
        ...(environment === undefined ? {} : { environment }),
        includeStopped: fields.boolean('include_stopped'),
        ...(maxResults === undefined ? {} : { maxResults }),
      });
      return { deployments: list.map(deploymentToWire) };
    },
    getDeployment: async ({ fields, access }): Promise<DeploymentResponse> => ({
      deployment: deploymentToWire(await deployments.get(access, fields.requiredString('deployment_id'))),
    }),
    deploymentHistory: async ({ fields, access }): Promise<DeploymentHistoryResponse> => {
      const name = optionalString(fields, 'name');
      const deploymentId = optionalString(fields, 'deployment_id');
      const modelName = optionalString(fields, 'model_name');
      const since = timeField(fields, 'since');
      const until = timeField(fields, 'until');
      const maxResults = fields.int64('max_results');
      const events = await deployments.history(access, {
        ...(name === undefined ? {} : { name }),
        ...(deploymentId === undefined ? {} : { deploymentId }),
        ...(modelName === undefined ? {} : { modelName }),
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
        ...(maxResults === undefined ? {} : { maxResults }),
      });
      return { events: events.map(deploymentEventToWire) };
    },
    deploymentServedAt: async ({ fields, access }): Promise<ServedAtResponse> => {
      const time = timeField(fields, 'time');
      if (time === undefined) throw invalidParameter("Missing value for required parameter 'time'.");
      const modelName = optionalString(fields, 'model_name');
      const alias = optionalString(fields, 'alias');
      const name = optionalString(fields, 'name');
      return servedAtToWire(await deployments.servedAt(access, {
        time,
        ...(modelName === undefined ? {} : { modelName }),
        ...(alias === undefined ? {} : { alias }),
        ...(name === undefined ? {} : { name }),
      }));
    },
    rollbackDeployment: async ({ fields, access, principal, actor }): Promise<RollbackDeploymentResponse> => {
      const reason = optionalString(fields, 'reason');
      return rollbackToWire(await deployments.rollback(access, principal, actor, { name: fields.requiredString('name'), ...(reason === undefined ? {} : { reason }) }));
    },
  };
}

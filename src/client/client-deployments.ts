/**
 * `client.deployments`: deployment records on the tracking server (Strata only; see
 * src/api/strata-deployments.ts). `strata serve` registers, heartbeats and records its events
 * through these; people and the CLI list them, read their history, ask which version served an
 * alias at a time, and roll back. Arguments are camelCase; answers are the wire types.
 */
import {
  STRATA_DEPLOYMENT_ENDPOINTS,
  type DeploymentEventKind,
  type DeploymentEventResponse,
  type DeploymentEventWire,
  type DeploymentHistoryResponse,
  type DeploymentResponse,
  type DeploymentWire,
  type ListDeploymentsResponse,
  type RollbackDeploymentResponse,
  type ServedAtResponse,
} from '../api/strata-deployments.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export interface RegisterDeploymentInput {
  name: string;
  environment?: string;
  endpointUrl: string;
  host: string;
  pid?: number;
  modelUri: string;
}

export interface RecordDeploymentEventInput {
  deploymentId: string;
  kind: DeploymentEventKind;
  fromVersion?: string | number;
  toVersion?: string | number;
  reason: string;
  message?: string;
  /** When it happened (ms since the epoch); the server's time when absent. */
  time?: number;
}

export interface ListDeploymentsFilters {
  name?: string;
  modelName?: string;
  /** Instances serving this version now (needs modelName): "where is version N deployed". */
  version?: string | number;
  environment?: string;
  includeStopped?: boolean;
  maxResults?: number;
}

export interface DeploymentHistoryFilters {
  name?: string;
  deploymentId?: string;
  modelName?: string;
  /** ms since the epoch, ISO 8601, or a duration back (`2h`). */
  since?: number | string;
  until?: number | string;
  maxResults?: number;
}

export interface ServedAtInput {
  modelName?: string;
  alias?: string;
  name?: string;
  /** ms since the epoch, ISO 8601, or a duration back (`2h`). */
  time: number | string;
}

export interface RollbackDeploymentInput {
  name: string;
  reason?: string;
}

/** Drops absent values, so a GET's query string carries only what was given. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const versionText = (v: string | number | undefined) => (v === undefined ? undefined : String(v));

export function deploymentsApi(transport: HttpTransport) {
  const call = <T>(endpoint: keyof typeof STRATA_DEPLOYMENT_ENDPOINTS, request: object, safety: 'idempotent' | 'create' = 'idempotent') =>
    callEndpoint<T>(transport, STRATA_API_PREFIX, STRATA_DEPLOYMENT_ENDPOINTS[endpoint], request, safety);
  return {
    /** A serving instance starts: its record, with the id its heartbeats and events name. */
    register: async (request: RegisterDeploymentInput): Promise<DeploymentWire> =>
      (await call<DeploymentResponse>('registerDeployment', defined({
        name: request.name, environment: request.environment, endpoint_url: request.endpointUrl, host: request.host, pid: request.pid, model_uri: request.modelUri,
      }), 'create')).deployment,
    heartbeat: async (deploymentId: string): Promise<DeploymentWire> => (await call<DeploymentResponse>('deploymentHeartbeat', { deployment_id: deploymentId })).deployment,
    /** started / switched / switch_failed / stopped; answers the event and the instance after it. */
    recordEvent: async (request: RecordDeploymentEventInput): Promise<DeploymentEventResponse> =>
      call<DeploymentEventResponse>('recordDeploymentEvent', defined({
        deployment_id: request.deploymentId, kind: request.kind, from_version: versionText(request.fromVersion), to_version: versionText(request.toVersion),
        reason: request.reason, message: request.message, time: request.time,
      }), 'create'),
    /** Running instances (all with includeStopped), most recently started first. */
    list: async (filters: ListDeploymentsFilters = {}): Promise<DeploymentWire[]> =>
      (await call<ListDeploymentsResponse>('listDeployments', defined({
        name: filters.name, model_name: filters.modelName, version: versionText(filters.version), environment: filters.environment,
        include_stopped: filters.includeStopped, max_results: filters.maxResults,
      }))).deployments,
    get: async (deploymentId: string): Promise<DeploymentWire> => (await call<DeploymentResponse>('getDeployment', { deployment_id: deploymentId })).deployment,
    /** Events newest first; give name, deploymentId or modelName. */
    history: async (filters: DeploymentHistoryFilters): Promise<DeploymentEventWire[]> =>
      (await call<DeploymentHistoryResponse>('deploymentHistory', defined({
        name: filters.name, deployment_id: filters.deploymentId, model_name: filters.modelName, since: filters.since, until: filters.until, max_results: filters.maxResults,
      }))).events,
    /** Which instances served (model and alias, or name) at a time, and which versions. */
    servedAt: async (request: ServedAtInput): Promise<ServedAtResponse> =>
      call<ServedAtResponse>('deploymentServedAt', defined({ model_name: request.modelName, alias: request.alias, name: request.name, time: request.time })),
    /** Moves the alias back to the version served before the current one, through the model's policy. */
    rollback: async (request: RollbackDeploymentInput): Promise<RollbackDeploymentResponse> =>
      call<RollbackDeploymentResponse>('rollbackDeployment', defined({ name: request.name, reason: request.reason }), 'create'),
  };
}

export type DeploymentsApi = ReturnType<typeof deploymentsApi>;

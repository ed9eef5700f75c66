/**
 * Deployments under /api/strata/v1/deployments (issue 15): the records a model server
 * (`strata serve`) keeps on the tracking server, so "which version served `production` at time
 * T" is answered from data rather than from memory.
 *
 * A deployment is one serving process (an instance). Several instances may share a `name`
 * (replicas of one service, or one name re-started over time); `strata deployments history NAME`
 * and rollback work on the name. An instance registers when it starts, heartbeats while it runs,
 * records every switch of the version it serves (and every switch it refused), and records its
 * stop. Its status is `running` until it stops; a running instance whose heartbeat is older than
 * DEPLOYMENT_UNRESPONSIVE_AFTER_MS reads as `unresponsive` (computed when read, by the server's
 * clock), and such an instance no longer counts as serving after its last heartbeat.
 */

/** How often `strata serve` heartbeats. */
export const DEPLOYMENT_HEARTBEAT_INTERVAL_MS = 10_000;
/** A running instance with no heartbeat for this long reads as `unresponsive`. */
export const DEPLOYMENT_UNRESPONSIVE_AFTER_MS = 3 * DEPLOYMENT_HEARTBEAT_INTERVAL_MS;

export const MAX_DEPLOYMENT_NAME_LENGTH = 256;
export const MAX_DEPLOYMENTS_PER_PAGE = 1000;
export const MAX_DEPLOYMENT_EVENTS_PER_PAGE = 10_000;

export type DeploymentStatusWire = 'running' | 'stopped' | 'unresponsive';

export interface DeploymentWire {
  deployment_id: string;
  /** The service's name (`--name`, default `<model>-<alias>`); shared by its replicas. */
  name: string;
  /** A free label: `production`, `staging`, `dev`… (`--environment`, default `default`). */
  environment: string;
  /** Where callers reach it: `http://host:port` (the process's public URL). */
  endpoint_url: string;
  host: string;
  pid?: number;
  /** What it was started with: `models:/fraud@production` (or `models:/fraud/7`). */
  model_uri: string;
  model_name: string;
  /** The alias it follows; absent for a pinned version. */
  alias?: string;
  /** The version it serves now; absent until the first one is loaded. */
  current_version?: string;
  status: DeploymentStatusWire;
  started_time: number;
  last_heartbeat_time: number;
  stopped_time?: number;
  /** The user (or service account) that registered it. */
  registered_by?: string;
}

export const DEPLOYMENT_EVENT_KINDS = ['started', 'switched', 'switch_failed', 'stopped'] as const;
export type DeploymentEventKind = (typeof DEPLOYMENT_EVENT_KINDS)[number];

export interface DeploymentEventWire {
  event_id: string;
  deployment_id: string;
  deployment_name: string;
  model_name: string;
  alias?: string;
  kind: DeploymentEventKind;
  time: number;
  /** `switched`, `switch_failed`: the version served before. */
  from_version?: string;
  /** `started`/`switched`: the version served from now on; `switch_failed`: the one refused. */
  to_version?: string;
  /** Why: `initial load`, `alias moved (webhook)`, `alias moved (poll)`, `shutdown (SIGTERM)`… */
  reason: string;
  /** `switch_failed`: the error (load, warm-up or SHA-256 mismatch). */
  message?: string;
}

export interface RegisterDeploymentRequest {
  name: string;
  environment?: string;
  endpoint_url: string;
  host: string;
  pid?: number;
  model_uri: string;
}
export interface DeploymentResponse {
  deployment: DeploymentWire;
}

export interface DeploymentHeartbeatRequest {
  deployment_id: string;
}

/**
 * Records one event of an instance. `switched` sets its current version (a `started` event
 * carries the first one); `stopped` sets its stop time (a stopped instance takes no more events).
 */
export interface RecordDeploymentEventRequest {
  deployment_id: string;
  kind: DeploymentEventKind;
  from_version?: string;
  to_version?: string;
  reason: string;
  message?: string;
  /** When it happened by the serving process's clock; the server's time when absent. */
  time?: number;
}
export interface DeploymentEventResponse {
  event: DeploymentEventWire;
  deployment: DeploymentWire;
}

/** Filters combine with AND; stopped instances are left out unless `include_stopped`. */
export interface ListDeploymentsRequest {
  name?: string;
  model_name?: string;
  /** Instances serving this version now (the registry's "where is version N deployed"). */
  version?: string;
  environment?: string;
  include_stopped?: boolean;
  max_results?: number;
}
export interface ListDeploymentsResponse {
  deployments: DeploymentWire[];
}

export interface GetDeploymentRequest {
  deployment_id: string;
}

/** Events newest first; one of `name`, `deployment_id`, `model_name` is required. */
export interface DeploymentHistoryRequest {
  name?: string;
  deployment_id?: string;
  model_name?: string;
  since?: number | string;
  until?: number | string;
  max_results?: number;
}
export interface DeploymentHistoryResponse {
  events: DeploymentEventWire[];
}

/**
 * "Which version served `production` at time T": every instance that was serving at `time`
 * (started before it, not stopped nor unresponsive by then) for the model and alias (or the
 * deployment name), with the version it served at that instant and since when.
 */
export interface ServedAtRequest {
  model_name?: string;
  alias?: string;
  name?: string;
  /** Milliseconds since the epoch, an ISO 8601 time, or a duration back from now (`2h`). */
  time: number | string;
}
export interface ServedAtEntryWire {
  deployment: DeploymentWire;
  version: string;
  /** When that instance began serving `version`. */
  since: number;
}
export interface ServedAtResponse {
  time: number;
  serving: ServedAtEntryWire[];
  /** The distinct versions in `serving`, ascending. */
  versions: string[];
}

/**
 * Moves the alias a deployment follows back to the version its instances served before the
 * current one — through the promotion flow, so a protected alias opens a request (or applies
 * under an auto rule) instead of moving outright; the serving processes then follow.
 */
export interface RollbackDeploymentRequest {
  name: string;
  reason?: string;
}
export interface RollbackDeploymentResponse {
  model_name: string;
  alias: string;
  from_version: string;
  to_version: string;
  /** As `POST /promotions/promote` answers: `moved`, `requested` or `auto_approved`. */
  outcome: 'moved' | 'requested' | 'auto_approved';
  request_id?: string;
}

export const STRATA_DEPLOYMENT_ENDPOINTS = {
  registerDeployment: { methods: ['POST'], path: '/deployments/register' },
  deploymentHeartbeat: { methods: ['POST'], path: '/deployments/heartbeat' },
  recordDeploymentEvent: { methods: ['POST'], path: '/deployments/events' },
  listDeployments: { methods: ['GET'], path: '/deployments' },
  getDeployment: { methods: ['GET'], path: '/deployments/get' },
  deploymentHistory: { methods: ['GET'], path: '/deployments/history' },
  deploymentServedAt: { methods: ['GET'], path: '/deployments/served-at' },
  rollbackDeployment: { methods: ['POST'], path: '/deployments/rollback' },
} as const;

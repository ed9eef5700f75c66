/**
 * Deployments as the domain sees them (issue 15): one row per serving process (an instance) and
 * the events it records. Versions are the registry's integers; the wire's strings are the
 * mappers' business.
 */
import type { DeploymentEventKind } from '../../api/strata-deployments.js';

export type { DeploymentEventKind } from '../../api/strata-deployments.js';
export { DEPLOYMENT_EVENT_KINDS, DEPLOYMENT_UNRESPONSIVE_AFTER_MS } from '../../api/strata-deployments.js';

export type DeploymentStatus = 'running' | 'stopped' | 'unresponsive';

export interface Deployment {
  deploymentId: string;
  name: string;
  environment: string;
  endpointUrl: string;
  host: string;
  pid: number | null;
  modelUri: string;
  modelName: string;
  /** The alias it follows; null for a pinned version. */
  alias: string | null;
  /** The version it serves now; null until the first one is loaded. */
  currentVersion: number | null;
  startedTime: number;
  lastHeartbeatTime: number;
  stoppedTime: number | null;
  registeredBy: string | null;
}

export interface DeploymentEvent {
  eventId: string;
  deploymentId: string;
  deploymentName: string;
  modelName: string;
  alias: string | null;
  kind: DeploymentEventKind;
  time: number;
  fromVersion: number | null;
  toVersion: number | null;
  reason: string;
  message: string | null;
}

/** An instance that may have been serving at some time T, with the version its events say it served then. */
export interface DeploymentAtTime {
  deployment: Deployment;
  /** The last `started`/`switched` event at or before T; null when none. */
  serving: { version: number; since: number } | null;
}

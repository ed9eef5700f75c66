/** Storage of deployment records (migration 0018): serving instances and their events. */
import type { Deployment, DeploymentAtTime, DeploymentEvent, DeploymentEventKind } from '../deployments/deployment-entities.js';

export interface DeploymentQuery {
  name?: string;
  modelName?: string;
  /** Instances serving this version now. */
  version?: number;
  environment?: string;
  includeStopped: boolean;
  /** Only instances of these models (what the caller may read); absent: all. */
  onlyModels?: readonly string[];
  /** Most recently started first, at most this many. */
  maxResults: number;
}

export interface DeploymentEventQuery {
  name?: string;
  deploymentId?: string;
  modelName?: string;
  kinds?: readonly DeploymentEventKind[];
  /** Inclusive bounds on the event time. */
  since?: number;
  until?: number;
  onlyModels?: readonly string[];
  /** Newest first (time, then insertion order), at most this many. */
  maxResults: number;
}

/** Instances that could have served at `time`: by model and alias, or by deployment name. */
export type ServedAtQuery = { time: number; onlyModels?: readonly string[] } & ({ modelName: string; alias: string } | { name: string });

export interface DeploymentRepository {
  insertDeployment(deployment: Deployment): Promise<void>;
  findDeployment(deploymentId: string): Promise<Deployment | undefined>;
  /** Sets the heartbeat time (never moving it back); false when no running instance has that id. */
  touchDeployment(deploymentId: string, time: number): Promise<boolean>;
  /**
   * Stores the event and applies its effect on its instance: current version, stop time, and a
   * heartbeat (an event is a sign of life). False, storing nothing, when the instance is missing
   * or already stopped (decided by the write itself, so two racing stops cannot both land).
   */
  insertDeploymentEvent(event: DeploymentEvent, update: { currentVersion?: number; stoppedTime?: number; heartbeatTime: number }): Promise<boolean>;
  listDeployments(query: DeploymentQuery): Promise<Deployment[]>;
  listDeploymentEvents(query: DeploymentEventQuery): Promise<DeploymentEvent[]>;
  /**
   * Instances started by `time` and not stopped by then (the heartbeat rule is core's), each with
   * the version its last `started`/`switched` event at or before `time` set: index range reads.
   */
  listDeploymentsAt(query: ServedAtQuery): Promise<DeploymentAtTime[]>;
}

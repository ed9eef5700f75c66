/**
 * Domain entities of the tracking server, camelCase. The MLflow wire shapes
 * (snake_case, tags as lists) live in src/api and the server's mappers only.
 */

export type LifecycleStage = 'active' | 'deleted';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** Which lifecycle stages a search or list includes (MLflow's ViewType). */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Tag {
  key: string;
  value: string;
}

export type Param = Tag;

export interface Metric {
  key: string;
  /** A double; NaN and ±Infinity are valid values. */
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  step: number;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Tag[];
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  tags: Tag[];
  dataset: Dataset;
}

export interface Run {
  info: RunInfo;
  data: {
    /** The latest value per key. */
    metrics: Metric[];
    params: Param[];
    tags: Tag[];
  };
  inputs: {
    datasetInputs: DatasetInput[];
  };
}

/**
 * Who asked for a change. Requests are not authenticated yet, so nobody is verified: `name`
 * is `anonymous` for every request, and the user name a request claims (HTTP Basic) is kept
 * apart in `claimed`, so no record presents an unchecked name as a verified one.
 */
export interface Actor {
  /** The verified identity: `anonymous` until authentication exists; gc's own `cli:<user>`. */
  readonly name: string;
  /** The user name the request claimed, unverified and sanitized; absent when it claimed none. */
  readonly claimed?: string;
}

export interface AuditEvent {
  eventId: number;
  time: number;
  /** The verified identity (see Actor). */
  actor: string;
  /** The unverified user name the request claimed, when it claimed one. */
  actorClaimed?: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: Record<string, unknown>;
}

/** What a mutation records in the audit log; the store adds id and time. */
export interface AuditEventInput {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  summary: Record<string, unknown>;
}

/** A page of results and the opaque token for the next one, if any. */
export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

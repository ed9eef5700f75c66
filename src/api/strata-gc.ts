/**
 * `POST /api/strata/v1/gc` (conventions of strata-v1.ts): permanently removes runs and
 * experiments deleted at least `older_than_ms` ago, with their metadata and the artifact
 * folders that belong to them alone. The server does it, on its own database and artifact
 * store, so `strata gc` needs nothing but the tracking URI. A real run is recorded in the
 * audit log (`gc.run`, plus `run.purge` / `experiment.purge` per item); a dry run changes
 * nothing and is not recorded. Lists are always present, empty or not.
 */

/** What `older_than_ms` is when the request leaves it out: 30 days. */
export const GC_DEFAULT_OLDER_THAN_MS = 30 * 24 * 60 * 60 * 1000;

export const STRATA_GC_ENDPOINTS = {
  runGc: { methods: ['POST'], path: '/gc' },
} as const;

export interface RunGcRequest {
  /** Only what was deleted at least this long ago (ms, ≥ 0); default GC_DEFAULT_OLDER_THAN_MS. */
  older_than_ms?: number;
  /** Plan only: answer what would be removed, remove nothing. */
  dry_run?: boolean;
}

export interface GcRunItemWire {
  run_id: string;
  experiment_id: string;
  artifact_uri: string;
  deleted_time: number;
  /** The folder deleted, relative to the artifact store; absent: left in place. */
  artifact_path?: string;
  /** Why the folder is left in place (shared with something live, or outside the store). */
  artifacts_kept_reason?: string;
}

export interface GcExperimentItemWire {
  experiment_id: string;
  name: string;
  artifact_location: string;
  deleted_time: number;
  artifact_path?: string;
  artifacts_kept_reason?: string;
}

export interface GcKeptItemWire {
  entity_type: 'run' | 'experiment';
  entity_id: string;
  reason: string;
}

/** A folder whose owner an earlier gc removed but could not delete. */
export interface GcPendingArtifactWire {
  path: string;
  entity_type: 'run' | 'experiment';
  entity_id: string;
  created_at: number;
  /** Only in kept_pending_artifacts: what it overlaps now. */
  reason?: string;
}

export interface GcPlanWire {
  /** Deleted at or before this time (ms since the epoch). */
  cutoff: number;
  runs: GcRunItemWire[];
  experiments: GcExperimentItemWire[];
  kept: GcKeptItemWire[];
  /** Deleted first. */
  pending_artifacts: GcPendingArtifactWire[];
  /** Left pending: something live overlaps them now. */
  kept_pending_artifacts: GcPendingArtifactWire[];
}

export interface GcFailureWire {
  entity_type: 'run' | 'experiment';
  entity_id: string;
  message: string;
}

export interface GcResultWire {
  removed_runs: string[];
  removed_experiments: string[];
  removed_pending_artifacts: string[];
  /** Per item: one stuck folder does not stop the rest. */
  failures: GcFailureWire[];
}

export interface RunGcResponse {
  dry_run: boolean;
  plan: GcPlanWire;
  /** Absent on a dry run. */
  result?: GcResultWire;
}

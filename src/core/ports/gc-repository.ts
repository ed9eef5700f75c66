/**
 * What `strata gc` needs from the metadata database: find runs and experiments deleted
 * long enough ago, what the model registry still references, and remove them for good.
 * Part of MetadataRepository, so a purge and its audit event commit together.
 */

export interface DeletedRunRow {
  runId: string;
  experimentId: string;
  artifactUri: string;
  /** Milliseconds since the epoch. */
  deletedTime: number;
}

export interface DeletedExperimentRow {
  experimentId: string;
  name: string;
  artifactLocation: string;
  deletedTime: number;
}

export interface ArtifactReferences {
  /** Runs a registered model version names as its run. */
  runIds: string[];
  /** Every registered model version's resolved storage location (and its source). */
  locations: string[];
}

/** A run whose artifact URI is not `<its experiment's location>/<run id>/artifacts` (legacy or imported data). */
export interface UnderivedRunRow {
  runId: string;
  experimentId: string;
  artifactUri: string;
}

export interface GcRepository {
  /** Runs in the deleted stage whose deleted_time is at or before `cutoff`, oldest first. */
  listDeletedRuns(cutoff: number): Promise<DeletedRunRow[]>;
  /** Experiments in the deleted stage whose deleted_time is at or before `cutoff`, oldest first. */
  listDeletedExperiments(cutoff: number): Promise<DeletedExperimentRow[]>;
  /** Every run of the experiment, whatever its stage. */
  listRunIdsOfExperiment(experimentId: string): Promise<string[]>;
  /** Artifact locations of every experiment: gc must not remove a directory another experiment shares. */
  listExperimentArtifactLocations(): Promise<Array<{ experimentId: string; artifactLocation: string }>>;
  /**
   * Runs, whatever their stage, whose artifact URI is not the one derived from their
   * experiment's location (runArtifactUri). Every other run's folder lies inside its
   * experiment's, so the experiment's location speaks for it: only these need listing.
   */
  listUnderivedRunArtifactUris(): Promise<UnderivedRunRow[]>;
  /**
   * Serialises transactions that hand out artifact folders (an experiment created with its own
   * location) until the surrounding transaction ends; call it first in the transaction.
   */
  lockArtifactLocations(): Promise<void>;
  /** What registered model versions reference; gc keeps all of it. */
  listArtifactReferences(): Promise<ArtifactReferences>;
  /**
   * Removes the run with its metrics, params, tags and inputs if it is still deleted, and
   * says whether it did. It first claims the run's row, so a concurrent restore waits for
   * this transaction and then finds no run instead of restoring one whose artifacts go.
   */
  purgeRun(runId: string): Promise<boolean>;
  /**
   * Removes the experiment with its tags and datasets if it is still deleted and has no
   * runs left (they are purged first), claiming its row as purgeRun does; says whether it did.
   */
  purgeExperiment(experimentId: string): Promise<boolean>;
  /** Records an artifact folder to delete once the transaction removing its owner commits. */
  addPendingArtifactDeletion(pending: PendingArtifactDeletion): Promise<void>;
  /** Folders whose owners are gone but which a gc has not deleted yet, oldest first. */
  listPendingArtifactDeletions(): Promise<PendingArtifactDeletion[]>;
  removePendingArtifactDeletion(path: string): Promise<void>;
}

export interface PendingArtifactDeletion {
  /** Path in the artifact store, as GcPlan gives it. */
  path: string;
  entityType: 'run' | 'experiment';
  entityId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

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

export interface GcRepository {
  /** Runs in the deleted stage whose deleted_time is at or before `cutoff`, oldest first. */
  listDeletedRuns(cutoff: number): Promise<DeletedRunRow[]>;
  /** Experiments in the deleted stage whose deleted_time is at or before `cutoff`, oldest first. */
  listDeletedExperiments(cutoff: number): Promise<DeletedExperimentRow[]>;
  /** Every run of the experiment, whatever its stage. */
  listRunIdsOfExperiment(experimentId: string): Promise<string[]>;
  /** Artifact locations of every experiment: gc must not remove a directory another experiment shares. */
  listExperimentArtifactLocations(): Promise<Array<{ experimentId: string; artifactLocation: string }>>;
  /** What registered model versions reference; gc keeps all of it. */
  listArtifactReferences(): Promise<ArtifactReferences>;
  /** Removes the run with its metrics, params, tags and inputs. */
  purgeRun(runId: string): Promise<void>;
  /** Removes the experiment with its tags and datasets; its runs must be purged first. */
  purgeExperiment(experimentId: string): Promise<void>;
}

/**
 * Domain entities of the dataset registry (camelCase; the wire shapes live in
 * src/api/strata-datasets.ts). A registered dataset has numbered versions; a version
 * is identified by its content digest (the pointer file's BLAKE3 hash), so a run that
 * logged an input with that digest used that version.
 */

export interface RegisteredDataset {
  name: string;
  description: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** The highest version number; 0 before the first version. */
  latestVersion: number;
}

export interface DatasetVersion {
  name: string;
  /** 1, 2, 3… per dataset, without gaps. */
  version: number;
  /** Lowercase hex content hash (BLAKE3 for `strata data` pointers). */
  digest: string;
  /** Bytes (all files' sum for a directory). */
  size: number;
  fileCount: number;
  /** Where the data can be found, e.g. `<git remote>#<path in the repository>`. */
  sourceUri: string;
  /** JSON text of an object, as given. */
  schema: string | null;
  profile: string | null;
  createdBy: string;
  createdAt: number;
}

/** A run that logged an input whose digest is a version's digest. */
export interface DatasetVersionRun {
  runId: string;
  runName: string;
  experimentId: string;
  /** The dataset name the run logged (may differ from the registered name). */
  inputName: string;
  /** The input's `mlflow.data.context` tag (`training`, `eval`…), when set. */
  context: string | null;
  digest: string;
}

export interface RegisteredDatasetWithVersions {
  dataset: RegisteredDataset;
  /** Newest first. */
  versions: DatasetVersion[];
}

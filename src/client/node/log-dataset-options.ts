/** Options and result of `ActiveRun.logDataset` (types only, so the browser-safe core can name them). */

export interface LogDatasetOptions {
  /** The name the input is logged under (MLflow's dataset name); usually the registered dataset's name. */
  name: string;
  /** The data (file or folder) or its `.strata` pointer file; relative to `cwd`. */
  path: string;
  /** The input's `mlflow.data.context` tag: `training`, `validation`, `eval`… */
  context?: string;
  /** MLflow's dataset schema / profile (a JSON object, or JSON text of one). */
  schema?: Record<string, unknown> | string;
  /** Default: `{ "num_bytes": size, "num_files": fileCount }`. */
  profile?: Record<string, unknown> | string;
  /** Where the data can be found; default: `<git remote>#<path>` or `file://<absolute path>`. */
  sourceUri?: string;
  /** Default: process.cwd(). */
  cwd?: string;
}

export interface LoggedDataset {
  name: string;
  /** What `datasets.digest = '…'` search and the dataset registry match on. */
  digest: string;
  size: number;
  fileCount: number;
  sourceUri: string;
  /** True when the digest came from a pointer file rather than hashing the data. */
  fromPointer: boolean;
}

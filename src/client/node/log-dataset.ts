/**
 * Node only: logs a versioned dataset as an input of a run, the way MLflow's clients log
 * one (runs/log-inputs with the input tag `mlflow.data.context`), so `datasets.digest = '…'`
 * search finds the run and the dataset registry links the run to the version with that
 * digest. The digest is the pointer file's hash, or computed as `strata data add` would.
 */
import { DATASET_CONTEXT_TAG, STRATA_DATASET_SOURCE_TYPE } from '../../api/strata-datasets.js';
import { describeDataPath } from '../../data/describe-data-path.js';
import type { StrataClient } from '../strata-client.js';
import type { LogDatasetOptions, LoggedDataset } from './log-dataset-options.js';

function jsonText(value: Record<string, unknown> | string | undefined): string | undefined {
  return value === undefined || typeof value === 'string' ? value : JSON.stringify(value);
}

export async function logDataset(client: StrataClient, runId: string, options: LogDatasetOptions): Promise<LoggedDataset> {
  // A training script's relative paths start where it runs.
  const described = describeDataPath(options.path, { cwd: options.cwd ?? process.cwd() });
  const sourceUri = options.sourceUri ?? described.sourceUri;
  const profile = jsonText(options.profile) ?? JSON.stringify({ num_bytes: described.size, num_files: described.fileCount });
  const schema = jsonText(options.schema);
  const dataset = {
    name: options.name,
    digest: described.digest,
    source_type: STRATA_DATASET_SOURCE_TYPE,
    source: JSON.stringify({ uri: sourceUri }),
    ...(schema !== undefined ? { schema } : {}),
    profile,
  };
  const tags = options.context ? [{ key: DATASET_CONTEXT_TAG, value: options.context }] : [];
  await client.logInputs({ run_id: runId, datasets: [{ tags, dataset }] });
  return {
    name: options.name,
    digest: described.digest,
    size: described.size,
    fileCount: described.fileCount,
    sourceUri,
    fromPointer: described.pointerPath !== undefined,
  };
}

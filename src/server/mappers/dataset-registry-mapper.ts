/** Dataset registry: domain -> /api/strata/v1 JSON (src/api/strata-datasets.ts). */
import type { DatasetVersionRunWire, DatasetVersionWire, RegisteredDatasetWire } from '../../api/strata-datasets.js';
import type { DatasetVersion, DatasetVersionRun, RegisteredDataset } from '../../core/dataset-registry-entities.js';

export function registeredDatasetToWire(dataset: RegisteredDataset): RegisteredDatasetWire {
  return {
    name: dataset.name,
    ...(dataset.description !== null ? { description: dataset.description } : {}),
    created_by: dataset.createdBy,
    created_at: dataset.createdAt,
    updated_at: dataset.updatedAt,
    latest_version: dataset.latestVersion,
  };
}

/** Stored JSON text of an object (checked on the way in) back to the object. */
function jsonObject(text: string | null): Record<string, unknown> | undefined {
  return text === null ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

export function datasetVersionToWire(version: DatasetVersion): DatasetVersionWire {
  const schema = jsonObject(version.schema);
  const profile = jsonObject(version.profile);
  return {
    name: version.name,
    version: version.version,
    digest: version.digest,
    size: version.size,
    file_count: version.fileCount,
    source_uri: version.sourceUri,
    ...(schema ? { schema } : {}),
    ...(profile ? { profile } : {}),
    created_by: version.createdBy,
    created_at: version.createdAt,
  };
}

export function datasetVersionRunToWire(run: DatasetVersionRun): DatasetVersionRunWire {
  return {
    run_id: run.runId,
    run_name: run.runName,
    experiment_id: run.experimentId,
    ...(run.context !== null ? { context: run.context } : {}),
    dataset_name: run.inputName,
    digest: run.digest,
  };
}

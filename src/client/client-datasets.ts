/**
 * `client.datasets`: the dataset registry (/api/strata/v1/datasets), browser-safe. A run's logged
 * inputs name a digest; `byDigest` finds the registered versions with that content.
 */
import type { GetDatasetResponse } from '../api/strata-datasets.js';
import { findDatasetVersionsByDigest, getDataset, getDatasetVersion, listDatasets } from './dataset-registry-calls.js';
import type { HttpTransport } from './http-transport.js';

/** A digest the registry can hold (lowercase hex, 8–64 digits); MLflow's pandas digests qualify. */
export const REGISTRY_DIGEST = /^[0-9a-f]{8,64}$/;

export function datasetsApi(transport: HttpTransport) {
  return {
    list: (request: { max_results?: number; page_token?: string } = {}) => listDatasets(transport, request),
    get: (name: string, options: { includeRuns?: boolean } = {}): Promise<GetDatasetResponse> => getDataset(transport, name, options),
    getVersion: (name: string, version: number) => getDatasetVersion(transport, name, version),
    byDigest: (digest: string) => findDatasetVersionsByDigest(transport, digest),
  };
}

export type DatasetsApi = ReturnType<typeof datasetsApi>;

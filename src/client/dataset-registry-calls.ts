/**
 * The dataset registry's endpoints (/api/strata/v1/datasets) as functions over a
 * transport; StrataClient exposes them as methods (`registerDatasetVersion`, `getDataset`…).
 * Strata only: an MLflow server has no dataset registry.
 */
import {
  STRATA_DATASET_ENDPOINTS,
  type FindDatasetVersionsByDigestResponse,
  type GetDatasetResponse,
  type GetDatasetVersionResponse,
  type ListDatasetsRequest,
  type ListDatasetsResponse,
  type RegisterDatasetVersionRequest,
  type RegisterDatasetVersionResponse,
  type RegisteredDatasetWire,
} from '../api/strata-datasets.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import type { HttpTransport } from './http-transport.js';

const paths = STRATA_DATASET_ENDPOINTS;
const at = (path: string, params: Record<string, string | number> = {}): string =>
  STRATA_API_PREFIX + path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(String(params[key])));

/** Registering is idempotent by digest (the same digest returns the same version), so it is safe to retry. */
export function registerDatasetVersion(transport: HttpTransport, request: RegisterDatasetVersionRequest): Promise<RegisterDatasetVersionResponse> {
  const body = { method: 'POST', path: at(paths.registerDatasetVersion.path), body: request, safety: 'idempotent' } as const;
  return transport.send(body) as Promise<RegisterDatasetVersionResponse>;
}

function get<T>(transport: HttpTransport, path: string, query: object = {}): Promise<T> {
  return transport.send({ method: 'GET', path, body: query, safety: 'idempotent' }) as Promise<T>;
}

export function listDatasets(transport: HttpTransport, request: ListDatasetsRequest = {}): Promise<ListDatasetsResponse> {
  return get(transport, at(paths.listDatasets.path), request);
}

/** Every registered dataset, following page tokens. */
export async function listAllDatasets(transport: HttpTransport): Promise<RegisteredDatasetWire[]> {
  const all: RegisteredDatasetWire[] = [];
  let page_token: string | undefined;
  do {
    const page = await listDatasets(transport, { max_results: 1000, ...(page_token ? { page_token } : {}) });
    all.push(...page.datasets);
    page_token = page.next_page_token || undefined;
  } while (page_token !== undefined);
  return all;
}

/** The dataset with its versions, newest first; `includeRuns` adds each version's runs. */
export function getDataset(transport: HttpTransport, name: string, options: { includeRuns?: boolean } = {}): Promise<GetDatasetResponse> {
  return get(transport, at(paths.getDataset.path, { name }), options.includeRuns ? { include_runs: 'true' } : {});
}

/** One version and the runs that logged it as an input. */
export function getDatasetVersion(transport: HttpTransport, name: string, version: number): Promise<GetDatasetVersionResponse> {
  return get(transport, at(paths.getDatasetVersion.path, { name, version }));
}

export function findDatasetVersionsByDigest(transport: HttpTransport, digest: string): Promise<FindDatasetVersionsByDigestResponse> {
  return get(transport, at(paths.findDatasetVersionsByDigest.path, { digest }));
}

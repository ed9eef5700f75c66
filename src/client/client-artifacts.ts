/**
 * `client.artifacts`: browsing a run's artifacts. Listing is one directory level per call;
 * files are fetched by URL (`downloadUrl`), so a page can link to them without loading them.
 */
import { GET_ARTIFACT_PATH, RUN_ARTIFACTS_LIST_PATH, type ListRunArtifactsResponse } from '../api/mlflow-artifacts.js';
import { MLFLOW_API_PREFIXES } from '../api/mlflow-tracking.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function artifactsApi(transport: HttpTransport) {
  return {
    /** One level under `path` (relative to the run's artifact root; absent = the root). */
    list(runId: string, path?: string): Promise<ListRunArtifactsResponse> {
      const request = path === undefined || path === '' ? { run_id: runId } : { run_id: runId, path };
      return callEndpoint(transport, MLFLOW_API_PREFIXES[0], { methods: ['GET'], path: RUN_ARTIFACTS_LIST_PATH }, request);
    },
    /** Absolute URL of one file's bytes (MLflow's `/get-artifact`). */
    downloadUrl(runId: string, path: string): string {
      const query = new URLSearchParams({ run_id: runId, path });
      return `${transport.trackingUri}${GET_ARTIFACT_PATH}?${query}`;
    },
  };
}

export type ArtifactsApi = ReturnType<typeof artifactsApi>;

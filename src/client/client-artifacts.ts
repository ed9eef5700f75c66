/**
 * `client.artifacts`: browsing a run's artifacts. Listing is one directory level per call;
 * files are fetched by URL (`downloadUrl`), so a page can link to them without loading them,
 * or read in part (`read` with a byte range), so a page can show the tail of a 2 GB log.
 */
import { GET_ARTIFACT_FOLDER_PATH, GET_ARTIFACT_PATH, RUN_ARTIFACTS_LIST_PATH, type ListRunArtifactsResponse } from '../api/mlflow-artifacts.js';
import { MLFLOW_API_PREFIXES } from '../api/mlflow-tracking.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

/** Bytes wanted: `[start, end]` inclusive (end clamped by the server), or the last `suffix` bytes. */
export type ByteRange = { start: number; end?: number } | { suffix: number };

export interface ArtifactRead {
  /** The bytes sent, as a stream: read what you need, cancel the rest. */
  body: ReadableStream<Uint8Array>;
  /** First byte sent and the file's whole size (from Content-Range, or Content-Length when whole). */
  start: number;
  totalSize: number;
  /** Bytes in this answer. */
  length: number;
  contentType: string;
}

export function artifactsApi(transport: HttpTransport) {
  const pathOf = (runId: string, path: string) => `${GET_ARTIFACT_PATH}?${new URLSearchParams({ run_id: runId, path })}`;
  return {
    /** One level under `path` (relative to the run's artifact root; absent = the root). */
    list(runId: string, path?: string): Promise<ListRunArtifactsResponse> {
      const request = path === undefined || path === '' ? { run_id: runId } : { run_id: runId, path };
      return callEndpoint(transport, MLFLOW_API_PREFIXES[0], { methods: ['GET'], path: RUN_ARTIFACTS_LIST_PATH }, request);
    },
    /** Absolute URL of one file's bytes (MLflow's `/get-artifact`). */
    downloadUrl(runId: string, path: string): string {
      return `${transport.trackingUri}${pathOf(runId, path)}`;
    },
    /** Absolute URL of a folder as one tar download (`path` absent or '' = all the run's artifacts). */
    folderDownloadUrl(runId: string, path = ''): string {
      const query = new URLSearchParams(path === '' ? { run_id: runId } : { run_id: runId, path });
      return `${transport.trackingUri}${GET_ARTIFACT_FOLDER_PATH}?${query}`;
    },
    /**
     * One file's bytes, whole or a byte range (HTTP Range; the server answers 206), as a
     * stream: nothing is buffered here. A range past the end (any range of an empty file)
     * is refused with 416, so ask for an empty file whole.
     */
    async read(runId: string, path: string, options: { range?: ByteRange; signal?: AbortSignal } = {}): Promise<ArtifactRead> {
      const headers: Record<string, string> = {};
      const range = options.range;
      if (range) headers.range = 'suffix' in range ? `bytes=-${range.suffix}` : `bytes=${range.start}-${range.end ?? ''}`;
      const response = await transport.getRaw(pathOf(runId, path), headers, options.signal);
      const length = Number(response.headers.get('content-length') ?? '0');
      const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
      const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
      return {
        body,
        start: contentRange ? Number(contentRange[1]) : 0,
        totalSize: contentRange ? Number(contentRange[3]) : length,
        length,
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      };
    },
  };
}

export type ArtifactsApi = ReturnType<typeof artifactsApi>;

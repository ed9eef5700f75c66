import { useQuery } from '@tanstack/react-query';
import { strata, type ByteRange } from '../../../lib/strata';
import { runPageKeys } from './keys';

/** A byte range of one artifact, read into memory (callers keep ranges small). */
export async function readArtifactBytes(runId: string, path: string, range?: ByteRange, signal?: AbortSignal): Promise<{ bytes: Uint8Array; start: number; totalSize: number }> {
  const read = await strata.artifacts.read(runId, path, range === undefined ? { signal } : { range, signal });
  const bytes = new Uint8Array(await new Response(read.body).arrayBuffer());
  return { bytes, start: read.start, totalSize: read.totalSize };
}

/**
 * A small file whole, as text (JSON, YAML, Markdown, HTML, MLmodel); the caller checks its size
 * first, or passes `maxBytes` when it cannot (then only that many leading bytes are read).
 */
export function useArtifactText(runId: string, path: string, enabled = true, maxBytes?: number) {
  return useQuery({
    queryKey: [...runPageKeys.artifactText(runId, path), maxBytes ?? 'whole'],
    queryFn: async ({ signal }) => new TextDecoder().decode((await readArtifactBytes(runId, path, maxBytes === undefined ? undefined : { start: 0, end: maxBytes - 1 }, signal)).bytes),
    enabled,
    staleTime: 60_000,
  });
}

/** A file whole, as a Blob of the given type (PDF); the caller checks its size first. */
export function useArtifactBlob(runId: string, path: string, type: string, enabled = true) {
  return useQuery({
    queryKey: runPageKeys.artifactBlob(runId, path),
    queryFn: async ({ signal }) => new Blob([(await readArtifactBytes(runId, path, undefined, signal)).bytes as BlobPart], { type }),
    enabled,
    staleTime: 60_000,
  });
}

/** The stream of a file's first `maxBytes`, for parsers that stop early (CSV). */
export function openArtifactStream(runId: string, path: string, size: number, maxBytes: number, signal: AbortSignal) {
  const range = size > maxBytes ? { start: 0, end: maxBytes - 1 } : undefined;
  return strata.artifacts.read(runId, path, range === undefined ? { signal } : { range, signal });
}

export function artifactDownloadUrl(runId: string, path: string): string {
  return strata.artifacts.downloadUrl(runId, path);
}

export function artifactFolderDownloadUrl(runId: string, path: string): string {
  return strata.artifacts.folderDownloadUrl(runId, path);
}

/**
 * `downloadArtifacts`: a run's artifact file, or a directory recursively, to local disk.
 * Listing uses `mlflow/artifacts/list` and bytes come from `/get-artifact`, both of which
 * an MLflow server answers too. Each file streams into a temporary name beside its target
 * and is renamed into place once complete and, when the server sent one, once its
 * SHA-256 matches.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GET_ARTIFACT_PATH, SHA256_HEADER } from '../../api/mlflow-artifacts.js';
import type { StrataClient } from '../strata-client.js';
import { joinArtifactPaths } from '../artifact-location.js';
import { runPool } from '../run-pool.js';
import { MAX_SOCKETS, send } from './node-http.js';
import { ProgressCounter, type TransferOptions } from './transfer-options.js';
import { authHeaders } from './upload-helpers.js';
import { writeHashed } from '../../artifacts/hashed-file-writer.js';

interface RemoteFile {
  path: string;
  /** Undefined for a file named directly: a listing shows sizes only of a directory's entries. */
  size?: number;
}

/**
 * Downloads `path` (a file or directory, relative to the run's artifact root; '' = all)
 * into `dest`, keeping its path below `dest` as MLflow does. Returns the local path.
 */
export async function downloadArtifacts(
  client: StrataClient,
  runId: string,
  path: string,
  dest: string,
  options: TransferOptions = {},
): Promise<string> {
  const normalized = joinArtifactPaths(path);
  const files = await listFilesBelow(client, runId, normalized);
  const counter = new ProgressCounter(files.reduce((sum, f) => sum + (f.size ?? 0), 0), files.length, options.onProgress);
  if (files.length === 0) await mkdir(join(dest, normalized), { recursive: true });
  const concurrency = Math.min(options.concurrency ?? MAX_SOCKETS, MAX_SOCKETS);
  await runPool(files, concurrency, (file) => downloadFile(client, runId, file, join(dest, file.path), counter));
  return join(dest, normalized);
}

/** The files below `path`; a path whose listing is empty is taken to be a file, as MLflow does. */
async function listFilesBelow(client: StrataClient, runId: string, path: string): Promise<RemoteFile[]> {
  const listing = await client.listArtifacts(runId, path === '' ? undefined : path);
  const entries = listing.files ?? [];
  if (entries.length === 0) return path === '' ? [] : [{ path }];
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.is_dir ? listFilesBelow(client, runId, entry.path) : Promise.resolve([{ path: entry.path, size: entry.file_size ?? 0 }]),
    ),
  );
  return nested.flat();
}

async function downloadFile(client: StrataClient, runId: string, file: RemoteFile, target: string, counter: ProgressCounter): Promise<void> {
  const { path } = file;
  const query = new URLSearchParams({ run_id: runId, path });
  const response = await send({ method: 'GET', url: `${client.trackingUri}${GET_ARTIFACT_PATH}?${query}`, headers: authHeaders(client) });
  // The listing gave no size for a file named directly; its response does, before any byte is counted.
  if (file.size === undefined) counter.addToTotal(Number(response.headers['content-length'] ?? 0) || 0);
  const expected = response.headers[SHA256_HEADER];
  const partial = `${target}.${randomUUID().slice(0, 8)}.partial`;
  try {
    await mkdir(dirname(target), { recursive: true });
    const handle = await open(partial, 'w');
    let sha256: string;
    try {
      // Batched writes of the socket's own chunks, each hashed as it arrives (see
      // hashed-file-writer.ts). The response is iterated as is: reading it eagerly (flowing, with our own queue)
      // measured slower here, as the socket is then read in smaller pieces.
      ({ sha256 } = await writeHashed(countBytes(response, counter), handle));
    } finally {
      await handle.close();
    }
    if (typeof expected === 'string' && sha256 !== expected) {
      throw new Error(`download of '${path}' is corrupt: SHA-256 ${sha256}, the server stored ${expected}`);
    }
    await rename(partial, target);
  } catch (error) {
    response.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  counter.addFile();
}

/** The response's chunks, counted as they pass (no extra stream stage: a plain wrapper iterator). */
function countBytes(response: AsyncIterable<Uint8Array>, counter: ProgressCounter): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const inner = response[Symbol.asyncIterator]();
      return {
        async next() {
          const next = await inner.next();
          if (!next.done) counter.addBytes(next.value.byteLength);
          return next;
        },
        async return() {
          return (await inner.return?.()) ?? { value: undefined, done: true };
        },
      };
    },
  };
}

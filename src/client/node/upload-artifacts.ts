/**
 * `logArtifact` / `logArtifacts`: local files into a run's artifacts through the server's
 * proxied artifact API, streamed (never a whole large file in memory), many files in
 * parallel over a bounded pool of keep-alive connections.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StrataClient } from '../strata-client.js';
import { joinArtifactPaths, proxiedArtifactUrl, proxiedStorePath } from '../artifact-location.js';
import { runPool } from '../run-pool.js';
import { MAX_SOCKETS, send } from './node-http.js';
import { uploadMultipart } from './upload-multipart.js';
import { ProgressCounter, type UploadOptions } from './transfer-options.js';
import { walkFiles, type LocalFile } from './walk-files.js';
import { authHeaders, countedStream } from './upload-helpers.js';

/** Files up to this size are read whole and sent in one write: cheaper than a stream per tiny file. */
const SMALL_FILE_BYTES = 1024 * 1024;

/** Uploads one file as `<artifactPath>/<file name>` in the run's artifacts (MLflow's log_artifact). */
export async function logArtifact(
  client: StrataClient,
  runId: string,
  localPath: string,
  artifactPath?: string,
  options: UploadOptions = {},
): Promise<void> {
  const stats = await stat(localPath);
  if (!stats.isFile()) throw new Error(`${localPath} is not a file (use logArtifacts for directories)`);
  const root = await runStoreRoot(client, runId);
  const counter = new ProgressCounter(stats.size, 1, options.onProgress);
  const file: LocalFile = { relativePath: basename(localPath), absolutePath: localPath, size: stats.size };
  await uploadFile(client, joinArtifactPaths(root, artifactPath, file.relativePath), file, counter, options);
}

/** Uploads everything below `dir`, keeping its layout, under `artifactPath` (MLflow's log_artifacts). */
export async function logArtifacts(
  client: StrataClient,
  runId: string,
  dir: string,
  artifactPath?: string,
  options: UploadOptions = {},
): Promise<void> {
  const [root, files] = await Promise.all([runStoreRoot(client, runId), walkFiles(dir)]);
  const counter = new ProgressCounter(files.reduce((sum, f) => sum + f.size, 0), files.length, options.onProgress);
  const concurrency = Math.min(options.concurrency ?? MAX_SOCKETS, MAX_SOCKETS);
  await runPool(files, concurrency, (file) =>
    uploadFile(client, joinArtifactPaths(root, artifactPath, file.relativePath), file, counter, options),
  );
}

/** The run's artifact root inside the server's store, from its `mlflow-artifacts:/` URI. */
export async function runStoreRoot(client: StrataClient, runId: string): Promise<string> {
  const { run } = await client.getRun({ run_id: runId });
  return proxiedStorePath(run.info.artifact_uri);
}

async function uploadFile(
  client: StrataClient,
  storePath: string,
  file: LocalFile,
  counter: ProgressCounter,
  options: UploadOptions,
): Promise<void> {
  const threshold = options.multipartThresholdBytes;
  if (threshold !== undefined && file.size >= threshold) {
    await uploadMultipart(client, storePath, file, counter, options);
  } else {
    const body = file.size <= SMALL_FILE_BYTES ? await readFile(file.absolutePath) : () => countedStream(file.absolutePath, counter);
    const response = await send({
      method: 'PUT',
      url: proxiedArtifactUrl(client.trackingUri, storePath),
      headers: { ...authHeaders(client), 'content-type': 'application/octet-stream', 'content-length': String(body instanceof Buffer ? body.length : file.size) },
      body,
    });
    response.resume();
    if (body instanceof Buffer) counter.addBytes(body.length);
  }
  counter.addFile();
}

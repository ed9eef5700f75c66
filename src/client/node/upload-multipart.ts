/**
 * One large file through the proxied multipart API: `mpu/create` hands out a URL per part,
 * parts go up in parallel (each a ranged read of the file), `mpu/complete` joins them; any
 * failure aborts the upload so nothing is left behind.
 */
import type {
  CreateMultipartUploadResponse,
  MultipartUploadCredential,
  MultipartUploadPart,
} from '../../api/mlflow-artifacts.js';
import type { StrataClient } from '../strata-client.js';
import { multipartUrl } from '../artifact-location.js';
import { runPool } from '../run-pool.js';
import { MAX_SOCKETS, send, sendForJson } from './node-http.js';
import type { ProgressCounter, UploadOptions } from './transfer-options.js';
import type { LocalFile } from './walk-files.js';
import { authHeaders, countedStream } from './upload-helpers.js';

export const DEFAULT_PART_BYTES = 64 * 1024 * 1024;
/** Parts in flight per file: enough to fill the pipe, few enough to bound memory on S3's side. */
const PART_CONCURRENCY = 8;

export async function uploadMultipart(
  client: StrataClient,
  storePath: string,
  file: LocalFile,
  counter: ProgressCounter,
  options: UploadOptions,
): Promise<void> {
  const partBytes = options.multipartPartBytes ?? DEFAULT_PART_BYTES;
  const slash = storePath.lastIndexOf('/');
  const dir = storePath.slice(0, Math.max(slash, 0));
  const name = storePath.slice(slash + 1);
  const call = (action: 'create' | 'complete' | 'abort', body: object) =>
    sendForJson({
      method: 'POST',
      url: multipartUrl(client.trackingUri, action, dir),
      headers: { ...authHeaders(client), 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ path: name, ...body })),
    });
  const numParts = Math.max(1, Math.ceil(file.size / partBytes));
  const created = (await call('create', { num_parts: numParts })) as CreateMultipartUploadResponse;
  try {
    const parts: MultipartUploadPart[] = [];
    const concurrency = Math.min(options.concurrency ?? PART_CONCURRENCY, PART_CONCURRENCY, MAX_SOCKETS);
    await runPool(created.credentials ?? [], concurrency, async (credential) => {
      parts.push(await uploadPart(client, credential, file, partBytes, counter));
    });
    parts.sort((a, b) => a.part_number - b.part_number);
    await call('complete', { upload_id: created.upload_id, parts });
  } catch (error) {
    await call('abort', { upload_id: created.upload_id }).catch(() => undefined);
    throw error;
  }
}

async function uploadPart(
  client: StrataClient,
  credential: MultipartUploadCredential,
  file: LocalFile,
  partBytes: number,
  counter: ProgressCounter,
): Promise<MultipartUploadPart> {
  const start = (credential.part_number - 1) * partBytes;
  const end = Math.min(file.size, start + partBytes) - 1;
  const sameServer = new URL(credential.url).origin === new URL(client.trackingUri).origin;
  const response = await send({
    method: 'PUT',
    url: credential.url,
    headers: { ...(sameServer ? authHeaders(client) : {}), ...credential.headers, 'content-length': String(Math.max(0, end - start + 1)) },
    body: end >= start ? () => countedStream(file.absolutePath, counter, { start, end }) : Buffer.alloc(0),
  });
  response.resume();
  return { part_number: credential.part_number, etag: String(response.headers.etag ?? ''), url: credential.url };
}

/**
 * MLflow's proxied multipart upload (`POST …/mlflow-artifacts/mpu/create|complete|abort/<dir>`).
 * As in MLflow, the artifact is `<dir>/<basename of the request's path>`. Where MLflow hands
 * out presigned S3 URLs for the parts, Strata hands out URLs to its own `mpu/upload-part`
 * endpoint, so parts stream through the server into either store, in parallel and in any order;
 * each part's answer carries its etag in the `ETag` header, as S3's does.
 */
import { artifactPermission } from '../auth/route-permission.js';
import type { FastifyRequest } from 'fastify';
import {
  MPU_PATH,
  MPU_UPLOAD_PART_PATH,
  type CreateMultipartUploadResponse,
  type MultipartUploadCredential,
} from '../../api/mlflow-artifacts.js';
import { joinArtifactPath, normalizeArtifactPath } from '../../core/artifact-path.js';
import { invalidParameter } from '../../core/errors.js';
import { MAX_PART_NUMBER, MIN_PART_NUMBER, type ArtifactStore, type UploadedPart } from '../../core/ports/artifact-store.js';
import type { ArtifactWriteService } from '../../core/services/artifact-write-service.js';
import { actorOf } from '../../core/auth/principal.js';
import { declaredLength, uploadBody, uploadFailure } from '../artifacts/upload-body.js';
import { shortenForMessage } from '../../core/shorten-for-message.js';
import { bodyFields, queryFields, sendJson, wildcardPath } from '../artifacts/artifact-request.js';
import { mlflowUrls, type RawHandler, type RawRoute } from './route-entry.js';

export function multipartRoutes(store: ArtifactStore, writes: ArtifactWriteService): RawRoute[] {
  const mpu = (name: string, action: string, handler: RawHandler): RawRoute => ({
    kind: 'raw', name, methods: ['POST'], urls: mlflowUrls(`${MPU_PATH}/${action}/*`), body: 'json', permission: artifactPermission('editor'), handler,
  });
  return [
    mpu('createMultipartUpload', 'create', async (request, reply) => {
      const fields = bodyFields(request);
      const target = multipartTarget(wildcardPath(request), fields.requiredString('path'));
      const numParts = fields.int64('num_parts') ?? 0;
      if (numParts < 0 || numParts > MAX_PART_NUMBER) {
        throw invalidParameter(`num_parts must be between 0 and ${MAX_PART_NUMBER}, got ${numParts}.`);
      }
      const { uploadId } = await store.createMultipartUpload(target);
      const body: CreateMultipartUploadResponse = { upload_id: uploadId };
      if (numParts > 0) body.credentials = partCredentials(request, target, uploadId, numParts);
      return sendJson(reply, body);
    }),
    mpu('completeMultipartUpload', 'complete', async (request, reply) => {
      const fields = bodyFields(request);
      const target = multipartTarget(wildcardPath(request), fields.requiredString('path'));
      const parts = fields.objectList('parts').map(toUploadedPart).sort((a, b) => a.partNumber - b.partNumber);
      if (parts.length === 0) throw invalidParameter("Missing value for required parameter 'parts'.");
      const actor = actorOf(request.principal);
      await writes.completeMultipartUpload(actor, target, fields.requiredString('upload_id'), parts);
      return sendJson(reply, {});
    }),
    mpu('abortMultipartUpload', 'abort', async (request, reply) => {
      const fields = bodyFields(request);
      const target = multipartTarget(wildcardPath(request), fields.requiredString('path'));
      await store.abortMultipartUpload(target, fields.requiredString('upload_id'));
      return sendJson(reply, {});
    }),
  ];
}

/** `PUT …/mpu/upload-part/<artifact>?upload_id=&part_number=`: one part's raw bytes. */
export function uploadPartRoute(store: ArtifactStore): RawRoute {
  return {
    kind: 'raw', name: 'uploadMultipartPart', methods: ['PUT'], urls: mlflowUrls(`${MPU_UPLOAD_PART_PATH}/*`), body: 'stream',
    permission: artifactPermission('editor'),
    handler: async (request, reply) => {
      const fields = queryFields(request);
      const partNumber = checkPartNumber(fields.int64('part_number'));
      const part = await store
        .uploadPart(wildcardPath(request), fields.requiredString('upload_id'), partNumber, uploadBody(request), {
          contentLength: declaredLength(request),
        })
        .catch((error: unknown) => {
          throw uploadFailure(request, reply, error);
        });
      return sendJson(reply.header('etag', part.etag), {});
    },
  };
}

/** `<dir>/<basename(path)>`: MLflow's clients send the local file's path, absolute or not. */
function multipartTarget(dir: string, localPath: string): string {
  const name = localPath.split(/[/\\]/).pop() ?? '';
  if (name === '' || name === '.' || name === '..') throw invalidParameter(`Invalid file name in path '${shortenForMessage(localPath)}'.`);
  return joinArtifactPath(normalizeArtifactPath(dir), normalizeArtifactPath(name));
}

/** Part URLs under the MLflow prefix the request came through (`/api/2.0` or `/ajax-api/2.0`). */
function partCredentials(request: FastifyRequest, target: string, uploadId: string, numParts: number): MultipartUploadCredential[] {
  const route = request.routeOptions.url ?? '';
  const prefix = route.slice(0, route.indexOf(MPU_PATH));
  const encodedPath = target.split('/').map(encodeURIComponent).join('/');
  const base = `${request.protocol}://${request.host}${prefix}${MPU_UPLOAD_PART_PATH}/${encodedPath}`;
  const query = `upload_id=${encodeURIComponent(uploadId)}`;
  return Array.from({ length: numParts }, (_, i) => ({
    url: `${base}?${query}&part_number=${i + 1}`,
    part_number: i + 1,
  }));
}

function toUploadedPart(raw: Record<string, unknown>, index: number): UploadedPart {
  const partNumber = checkPartNumber(typeof raw.part_number === 'string' ? Number(raw.part_number) : (raw.part_number as number));
  if (typeof raw.etag !== 'string' || raw.etag === '') throw invalidParameter(`parts[${index}].etag is required.`);
  return { partNumber, etag: raw.etag };
}

function checkPartNumber(value: number | undefined): number {
  if (value === undefined || !Number.isInteger(value) || value < MIN_PART_NUMBER || value > MAX_PART_NUMBER) {
    throw invalidParameter(`part_number must be an integer from ${MIN_PART_NUMBER} to ${MAX_PART_NUMBER}.`);
  }
  return value;
}

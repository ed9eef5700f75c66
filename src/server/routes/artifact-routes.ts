/**
 * MLflow's proxied artifact API (`/mlflow-artifacts/artifacts/<path>`: download, upload,
 * delete, list), its run-based endpoints (`/mlflow/artifacts/list`, `/get-artifact`) and
 * `/model-versions/get-artifact`.
 * Uploads stream from the socket into the store; downloads stream back out. Uploads and
 * deletes go through the ArtifactWriteService, which records them in the audit log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ARTIFACTS_PATH,
  GET_ARTIFACT_FOLDER_PATH,
  GET_ARTIFACT_PATH,
  MLFLOW_ARTIFACTS_PREFIX,
  MODEL_VERSION_GET_ARTIFACT_PATH,
  RUN_ARTIFACTS_LIST_PATH,
  SHA256_HEADER,
  type FileInfo,
  type ListArtifactsResponse,
  type ListRunArtifactsResponse,
} from '../../api/mlflow-artifacts.js';
import { MLFLOW_API_PREFIXES } from '../../api/mlflow-tracking.js';
import type { ArtifactEntry, ArtifactStore } from '../../core/ports/artifact-store.js';
import type { ArtifactService } from '../../core/services/artifact-service.js';
import type { ArtifactWriteService } from '../../core/services/artifact-write-service.js';
import { StrataError } from '../../core/errors.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import { actorFromAuthorization } from '../actor.js';
import { useJsonBodyParser } from '../json-body-parser.js';
import { RequestFields } from '../request-fields.js';
import { useRawBodyParser } from '../artifacts/raw-body-parser.js';
import { sendArtifactFolder } from '../artifacts/send-artifact-folder.js';
import { sendArtifact, sendArtifactHead } from '../artifacts/send-artifact.js';
import { uploadBody, uploadFailure } from '../artifacts/upload-body.js';
import { multipartRoutes, uploadPartRoute } from './multipart-routes.js';

export interface ArtifactRouteDeps {
  artifacts: ArtifactService;
  /** Off (`--no-serve-artifacts`): the proxied API answers 503, as MLflow's does. */
  serveArtifacts: boolean;
  /** A model version's download URI; `/model-versions/get-artifact` is served when present. */
  modelVersionDownloadUri?: (name: string, version: number) => Promise<string>;
}

type WildcardRequest = FastifyRequest<{ Params: { '*': string } }>;

export function registerArtifactRoutes(app: FastifyInstance, deps: ArtifactRouteDeps): void {
  const store = deps.artifacts.artifacts;
  void app.register(async (scope) => {
    useRawBodyParser(scope);
    if (!deps.serveArtifacts) return proxiedDisabled(scope);
    proxiedFileRoutes(scope, store, deps.artifacts.writes);
    uploadPartRoute(scope, store);
  });
  void app.register(async (scope) => {
    useJsonBodyParser(scope);
    if (deps.serveArtifacts) multipartRoutes(scope, store, deps.artifacts.writes);
    runArtifactRoutes(scope, deps.artifacts);
    if (deps.modelVersionDownloadUri) modelVersionArtifactRoute(scope, deps.artifacts, deps.modelVersionDownloadUri);
  });
}

function proxiedFileRoutes(app: FastifyInstance, store: ArtifactStore, writes: ArtifactWriteService): void {
  for (const prefix of MLFLOW_API_PREFIXES) {
    const base = `${prefix}${ARTIFACTS_PATH}`;
    app.get(base, async (request, reply) => {
      const fields = new RequestFields(request.query as Record<string, unknown>, true);
      return listProxied(reply, store, fields.string('path') ?? '');
    });
    app.route({
      method: 'GET',
      url: `${base}/*`,
      exposeHeadRoute: false,
      handler: async (request: WildcardRequest, reply) => {
        const path = request.params['*'];
        return path === '' ? listProxied(reply, store, '') : sendArtifact(request, reply, store, path);
      },
    });
    app.head(`${base}/*`, async (request: WildcardRequest, reply) => sendArtifactHead(reply, store, request.params['*']));
    app.put(`${base}/*`, async (request: WildcardRequest, reply) => {
      const actor = actorFromAuthorization(request.headers.authorization);
      const result = await writes.put(actor, request.params['*'], uploadBody(request)).catch((error: unknown) => {
        throw uploadFailure(request, reply, error);
      });
      return json(reply.header(SHA256_HEADER, result.sha256).header('etag', `"${result.sha256}"`), {});
    });
    app.delete(`${base}/*`, async (request: WildcardRequest, reply) => {
      await writes.delete(actorFromAuthorization(request.headers.authorization), request.params['*']);
      return json(reply, {});
    });
  }
}

async function listProxied(reply: FastifyReply, store: ArtifactStore, path: string): Promise<string> {
  const entries = await store.list(path);
  // MLflow answers with each entry's name only (posixpath.basename), not its full path.
  const files = entries.map((entry) => toFileInfo({ ...entry, path: entry.path.slice(entry.path.lastIndexOf('/') + 1) }));
  const body: ListArtifactsResponse = files.length > 0 ? { files } : {};
  return json(reply, body);
}

function runArtifactRoutes(app: FastifyInstance, service: ArtifactService): void {
  for (const prefix of MLFLOW_API_PREFIXES) {
    app.get(`${prefix}${RUN_ARTIFACTS_LIST_PATH}`, async (request, reply) => {
      const fields = new RequestFields(request.query as Record<string, unknown>, true);
      const listing = await service.listRunArtifacts(fields.runId(), fields.string('path') ?? '');
      const body: ListRunArtifactsResponse = { root_uri: listing.rootUri };
      if (listing.files.length > 0) body.files = listing.files.map(toFileInfo);
      return json(reply, body);
    });
  }
  app.route({
    method: 'GET',
    url: GET_ARTIFACT_PATH,
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const fields = new RequestFields(request.query as Record<string, unknown>, true);
      const path = await service.runArtifactPath(fields.runId(), fields.requiredString('path'));
      return sendArtifact(request, reply, service.artifacts, path);
    },
  });
  app.route({
    method: 'GET',
    url: GET_ARTIFACT_FOLDER_PATH,
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const fields = new RequestFields(request.query as Record<string, unknown>, true);
      const runId = fields.runId();
      const relative = fields.string('path') ?? '';
      const path = await service.runArtifactPath(runId, relative);
      return sendArtifactFolder(reply, service.artifacts, path, relative === '' ? `${runId}-artifacts` : relative);
    },
  });
}

/** MLflow's `get_model_version_artifact_handler`: a file under a version's download URI. */
function modelVersionArtifactRoute(
  app: FastifyInstance,
  service: ArtifactService,
  downloadUri: NonNullable<ArtifactRouteDeps['modelVersionDownloadUri']>,
): void {
  app.route({
    method: 'GET',
    url: MODEL_VERSION_GET_ARTIFACT_PATH,
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const fields = new RequestFields(request.query as Record<string, unknown>, true);
      const name = fields.requiredString('name');
      const version = parseModelVersion(fields.requiredString('version'));
      const path = service.modelVersionArtifactPath(name, version, await downloadUri(name, version), fields.requiredString('path'));
      return sendArtifact(request, reply, service.artifacts, path);
    },
  });
}

/** MLflow's `_disable_unless_serve_artifacts`: the proxied API exists but refuses, with 503. */
function proxiedDisabled(app: FastifyInstance): void {
  for (const prefix of MLFLOW_API_PREFIXES) {
    app.all(`${prefix}${MLFLOW_ARTIFACTS_PREFIX}/*`, async (request) => {
      throw new StrataError(
        'TEMPORARILY_UNAVAILABLE',
        `Endpoint: ${request.url.split('?')[0]} disabled due to the server running with --no-serve-artifacts. ` +
          'To enable artifacts server functionality, run `strata server` with --serve-artifacts.',
      );
    });
  }
}

export function toFileInfo(entry: ArtifactEntry): FileInfo {
  const info: FileInfo = { path: entry.path, is_dir: entry.isDir };
  if (!entry.isDir && entry.fileSize !== undefined) info.file_size = entry.fileSize;
  return info;
}

function json(reply: FastifyReply, body: object): string {
  void reply.type('application/json');
  return JSON.stringify(body);
}

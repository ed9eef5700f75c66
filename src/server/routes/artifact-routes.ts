/**
 * MLflow's proxied artifact API (`/mlflow-artifacts/artifacts/<path>`: download, upload,
 * delete, list), its run-based endpoints (`/mlflow/artifacts/list`, `/get-artifact`) and
 * `/model-versions/get-artifact`.
 * Uploads stream from the socket into the store; downloads stream back out. Uploads and
 * deletes go through the ArtifactWriteService, which records them in the audit log.
 * These are the route table's raw entries: Fastify handlers, on a JSON body or the raw stream.
 */
import { artifactPermission, permit } from '../auth/route-permission.js';
import type { FastifyReply } from 'fastify';
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
import type { ArtifactEntry, ArtifactStore } from '../../core/ports/artifact-store.js';
import type { ArtifactService } from '../../core/services/artifact-service.js';
import type { ArtifactWriteService } from '../../core/services/artifact-write-service.js';
import { StrataError } from '../../core/errors.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import { actorOf } from '../../core/auth/principal.js';
import { queryFields, sendJson, wildcardPath } from '../artifacts/artifact-request.js';
import { sendArtifactFolder } from '../artifacts/send-artifact-folder.js';
import { sendArtifact, sendArtifactHead } from '../artifacts/send-artifact.js';
import { uploadBody, uploadFailure } from '../artifacts/upload-body.js';
import { multipartRoutes, uploadPartRoute } from './multipart-routes.js';
import { ANY_METHOD, mlflowUrls, type RawRoute } from './route-entry.js';

export interface ArtifactRouteDeps {
  artifacts: ArtifactService;
  /** Off (`--no-serve-artifacts`): the proxied API answers 503, as MLflow's does. */
  serveArtifacts: boolean;
  /** A model version's download URI; `/model-versions/get-artifact` is served when present. */
  modelVersionDownloadUri?: (name: string, version: number) => Promise<string>;
}

/** The artifact routes of the route table: the proxied API's streams, the rest JSON. */
export function artifactRoutes(deps: ArtifactRouteDeps): RawRoute[] {
  const store = deps.artifacts.artifacts;
  const proxied = deps.serveArtifacts
    ? [...proxiedFileRoutes(store, deps.artifacts.writes), uploadPartRoute(store), ...multipartRoutes(store, deps.artifacts.writes)]
    : [proxiedDisabled];
  const downloadUri = deps.modelVersionDownloadUri;
  return [
    ...proxied,
    ...runArtifactRoutes(deps.artifacts),
    ...(downloadUri ? [modelVersionArtifactRoute(deps.artifacts, downloadUri)] : []),
  ];
}

function proxiedFileRoutes(store: ArtifactStore, writes: ArtifactWriteService): RawRoute[] {
  const files = mlflowUrls(`${ARTIFACTS_PATH}/*`);
  return [
    {
      kind: 'raw', name: 'listProxiedArtifacts', methods: ['GET'], urls: mlflowUrls(ARTIFACTS_PATH), body: 'stream',
      permission: { ...artifactPermission('viewer', 'path'), hiddenAs: 'empty-listing' },
      handler: async (request, reply) => listProxied(reply, store, queryFields(request).string('path') ?? ''),
    },
    {
      kind: 'raw', name: 'downloadProxiedArtifact', methods: ['GET'], urls: files, body: 'stream', exposeHeadRoute: false,
      permission: artifactPermission('viewer'),
      handler: async (request, reply) => {
        const path = wildcardPath(request);
        return path === '' ? listProxied(reply, store, '') : sendArtifact(request, reply, store, path);
      },
    },
    {
      kind: 'raw', name: 'headProxiedArtifact', methods: ['HEAD'], urls: files, body: 'stream', permission: artifactPermission('viewer'),
      handler: async (request, reply) => sendArtifactHead(reply, store, wildcardPath(request)),
    },
    {
      kind: 'raw', name: 'uploadProxiedArtifact', methods: ['PUT'], urls: files, body: 'stream', permission: artifactPermission('editor'),
      handler: async (request, reply) => {
        const actor = actorOf(request.principal);
        const result = await writes.put(actor, wildcardPath(request), uploadBody(request)).catch((error: unknown) => {
          throw uploadFailure(request, reply, error);
        });
        return sendJson(reply.header(SHA256_HEADER, result.sha256).header('etag', `"${result.sha256}"`), {});
      },
    },
    {
      kind: 'raw', name: 'deleteProxiedArtifact', methods: ['DELETE'], urls: files, body: 'stream', permission: artifactPermission('editor'),
      handler: async (request, reply) => {
        await writes.delete(actorOf(request.principal), wildcardPath(request));
        return sendJson(reply, {});
      },
    },
  ];
}

async function listProxied(reply: FastifyReply, store: ArtifactStore, path: string): Promise<string> {
  const entries = await store.list(path);
  // MLflow answers with each entry's name only (posixpath.basename), not its full path.
  const files = entries.map((entry) => toFileInfo({ ...entry, path: entry.path.slice(entry.path.lastIndexOf('/') + 1) }));
  const body: ListArtifactsResponse = files.length > 0 ? { files } : {};
  return sendJson(reply, body);
}

function runArtifactRoutes(service: ArtifactService): RawRoute[] {
  return [
    {
      kind: 'raw', name: 'listRunArtifacts', methods: ['GET'], urls: mlflowUrls(RUN_ARTIFACTS_LIST_PATH), body: 'json',
      permission: permit.experiment('viewer', permit.byRun),
      handler: async (request, reply) => {
        const fields = queryFields(request);
        const listing = await service.listRunArtifacts(fields.runId(), fields.string('path') ?? '');
        const body: ListRunArtifactsResponse = { root_uri: listing.rootUri };
        if (listing.files.length > 0) body.files = listing.files.map(toFileInfo);
        return sendJson(reply, body);
      },
    },
    {
      kind: 'raw', name: 'getRunArtifact', methods: ['GET'], urls: [GET_ARTIFACT_PATH], body: 'json', exposeHeadRoute: false,
      permission: permit.experiment('viewer', permit.byRun),
      handler: async (request, reply) => {
        const fields = queryFields(request);
        const path = await service.runArtifactPath(fields.runId(), fields.requiredString('path'));
        return sendArtifact(request, reply, service.artifacts, path);
      },
    },
    {
      kind: 'raw', name: 'getRunArtifactFolder', methods: ['GET'], urls: [GET_ARTIFACT_FOLDER_PATH], body: 'json', exposeHeadRoute: false,
      permission: permit.experiment('viewer', permit.byRun),
      handler: async (request, reply) => {
        const fields = queryFields(request);
        const runId = fields.runId();
        const relative = fields.string('path') ?? '';
        const path = await service.runArtifactPath(runId, relative);
        return sendArtifactFolder(reply, service.artifacts, path, relative === '' ? `${runId}-artifacts` : relative);
      },
    },
  ];
}

/** MLflow's `get_model_version_artifact_handler`: a file under a version's download URI. */
function modelVersionArtifactRoute(
  service: ArtifactService,
  downloadUri: NonNullable<ArtifactRouteDeps['modelVersionDownloadUri']>,
): RawRoute {
  return {
    kind: 'raw', name: 'getModelVersionArtifact', methods: ['GET'], urls: [MODEL_VERSION_GET_ARTIFACT_PATH], body: 'json', exposeHeadRoute: false,
    permission: permit.model('viewer'),
    handler: async (request, reply) => {
      const fields = queryFields(request);
      const name = fields.requiredString('name');
      const version = parseModelVersion(fields.requiredString('version'));
      const path = service.modelVersionArtifactPath(name, version, await downloadUri(name, version), fields.requiredString('path'));
      return sendArtifact(request, reply, service.artifacts, path);
    },
  };
}

/** MLflow's `_disable_unless_serve_artifacts`: the proxied API exists but refuses, with 503. */
const proxiedDisabled: RawRoute = {
  kind: 'raw', name: 'proxiedArtifactsDisabled', methods: ANY_METHOD, urls: mlflowUrls(`${MLFLOW_ARTIFACTS_PREFIX}/*`), body: 'stream',
  // Answers 503 whoever asks: nothing to protect.
  permission: permit.public,
  handler: async (request) => {
    throw new StrataError(
      'TEMPORARILY_UNAVAILABLE',
      `Endpoint: ${request.url.split('?')[0]} disabled due to the server running with --no-serve-artifacts. ` +
        'To enable artifacts server functionality, run `strata server` with --serve-artifacts.',
    );
  },
};

export function toFileInfo(entry: ArtifactEntry): FileInfo {
  const info: FileInfo = { path: entry.path, is_dir: entry.isDir };
  if (!entry.isDir && entry.fileSize !== undefined) info.file_size = entry.fileSize;
  return info;
}

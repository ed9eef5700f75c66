/**
 * Files of the server's proxied artifact API addressed by their path in the server's store
 * (not through a run): `strata data` uses it as a remote under a fixed root. Requests go
 * through the keep-alive agent of node-http.ts, with its retries of transient failures.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { ARTIFACTS_PATH, SHA256_HEADER, type FileInfo, type ListArtifactsResponse } from '../../api/mlflow-artifacts.js';
import { MLFLOW_API_PREFIXES } from '../../api/mlflow-tracking.js';
import type { StrataClient } from '../strata-client.js';
import { proxiedArtifactUrl } from '../artifact-location.js';
import { send, sendForJson } from './node-http.js';
import { authHeaders } from './upload-helpers.js';

export interface ProxiedUpload {
  size: number;
  /** The bytes, or a function opening a fresh stream of them for each attempt. */
  body: Buffer | (() => Readable);
}

/** The entries (names, as MLflow answers) of a directory; [] for a missing one. */
export async function listProxiedArtifacts(client: StrataClient, dir: string): Promise<FileInfo[]> {
  const query = new URLSearchParams({ path: dir });
  const url = `${client.trackingUri}${MLFLOW_API_PREFIXES[0]}${ARTIFACTS_PATH}?${query}`;
  const body = (await sendForJson({ method: 'GET', url, headers: authHeaders(client) })) as ListArtifactsResponse;
  return body.files ?? [];
}

/** Stores a file; resolves with the SHA-256 the server computed while storing it, when it sent one. */
export async function putProxiedArtifact(client: StrataClient, path: string, upload: ProxiedUpload): Promise<string | undefined> {
  const response = await send({
    method: 'PUT',
    url: proxiedArtifactUrl(client.trackingUri, path),
    headers: { ...authHeaders(client), 'content-type': 'application/octet-stream', 'content-length': String(upload.size) },
    body: upload.body,
  });
  response.resume();
  const sha256 = response.headers[SHA256_HEADER];
  return typeof sha256 === 'string' ? sha256 : undefined;
}

/** The file's response, body unread: the caller must consume or destroy it. */
export function getProxiedArtifact(client: StrataClient, path: string): Promise<IncomingMessage> {
  return send({ method: 'GET', url: proxiedArtifactUrl(client.trackingUri, path), headers: authHeaders(client) });
}

export async function deleteProxiedArtifact(client: StrataClient, path: string): Promise<void> {
  const response = await send({ method: 'DELETE', url: proxiedArtifactUrl(client.trackingUri, path), headers: authHeaders(client) });
  response.resume();
}

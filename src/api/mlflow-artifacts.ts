/**
 * MLflow's proxied artifact API (mlflow/protos/mlflow_artifacts.proto) and the run-based
 * artifact endpoints of its tracking service, field for field as MLflow's JSON spells them.
 *
 * Artifact paths in URLs are relative to the server's artifact root (what `mlflow-artifacts:/`
 * names): a run's artifacts live under `<experiment_id>/<run_id>/artifacts/`.
 */

/** Prefix of the proxied artifact API, under each of MLFLOW_API_PREFIXES. */
export const MLFLOW_ARTIFACTS_PREFIX = '/mlflow-artifacts';

/** `GET|PUT|DELETE <api>/mlflow-artifacts/artifacts/<path>`; `GET …/artifacts?path=` lists. */
export const ARTIFACTS_PATH = `${MLFLOW_ARTIFACTS_PREFIX}/artifacts`;

/** `POST <api>/mlflow-artifacts/mpu/{create,complete,abort}/<path>`. */
export const MPU_PATH = `${MLFLOW_ARTIFACTS_PREFIX}/mpu`;

/**
 * Strata's own endpoint for one part of a multipart upload: `PUT …/mpu/upload-part/<path>
 * ?upload_id=&part_number=`. MLflow hands out presigned S3 URLs here; Strata hands out URLs
 * to this endpoint, so parts stream through the server to either store.
 */
export const MPU_UPLOAD_PART_PATH = `${MPU_PATH}/upload-part`;

/** `GET <api>/mlflow/artifacts/list?run_id=&path=`. */
export const RUN_ARTIFACTS_LIST_PATH = '/mlflow/artifacts/list';

/** `GET /get-artifact?run_id=&path=` (no API prefix, as MLflow serves it for its UI). */
export const GET_ARTIFACT_PATH = '/get-artifact';

/**
 * `GET /api/strata/v1/artifacts/folder?run_id=&path=`: a run's folder (or its whole artifact
 * root, path absent) as one streamed tar archive, `<folder name>.tar`. Strata's own.
 */
export const GET_ARTIFACT_FOLDER_PATH = '/api/strata/v1/artifacts/folder';

/**
 * `GET /model-versions/get-artifact?name=&version=&path=` (no API prefix): a file under a model
 * version's download URI. MLflow's UI reads a version's `MLmodel` (its schema) here.
 */
export const MODEL_VERSION_GET_ARTIFACT_PATH = '/model-versions/get-artifact';

/** The scheme of artifact URIs served by the tracking server itself. */
export const MLFLOW_ARTIFACTS_SCHEME = 'mlflow-artifacts:';

/** Response header carrying the SHA-256 Strata computed while storing the file. */
export const SHA256_HEADER = 'x-strata-sha256';

export interface FileInfo {
  /** mlflow-artifacts list: the entry's name; run list: its path relative to the run's artifact root. */
  path: string;
  is_dir: boolean;
  /** Files only. */
  file_size?: number;
}

/** `GET …/mlflow-artifacts/artifacts?path=`: empty (`{}`) for a missing path or a file. */
export interface ListArtifactsResponse {
  files?: FileInfo[];
}

export interface ListRunArtifactsRequest {
  run_id: string;
  /** Relative to the run's artifact root; absent = the root. */
  path?: string;
  page_token?: string;
}

export interface ListRunArtifactsResponse {
  root_uri: string;
  files?: FileInfo[];
  next_page_token?: string;
}

export interface CreateMultipartUploadRequest {
  /** The local file's name; the artifact is `<url path>/<basename(path)>`, as in MLflow. */
  path: string;
  num_parts?: number;
}

export interface MultipartUploadCredential {
  /** Absolute URL to PUT the part's bytes to; the response's ETag header is the part's etag. */
  url: string;
  part_number: number;
  headers?: Record<string, string>;
}

export interface CreateMultipartUploadResponse {
  upload_id: string;
  credentials?: MultipartUploadCredential[];
}

export interface MultipartUploadPart {
  part_number: number;
  etag: string;
  url?: string;
}

export interface CompleteMultipartUploadRequest {
  path: string;
  upload_id: string;
  parts: MultipartUploadPart[];
}

export interface AbortMultipartUploadRequest {
  path: string;
  upload_id: string;
}

/** Upload, delete, complete and abort answer with an empty object. */
export type EmptyResponse = Record<string, never>;

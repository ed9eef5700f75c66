import { S3Client } from '@aws-sdk/client-s3';

/** How to reach an S3-compatible endpoint. */
export interface S3Connection {
  /** When absent, the SDK's default chain finds them (AWS_* variables, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Custom endpoint (MinIO, radosgw, R2…); absent for AWS. */
  endpoint?: string;
  region: string;
  /** `bucket.host` vs `host/bucket` addressing; most S3-compatible servers need path style. */
  forcePathStyle: boolean;
}

export type Env = Record<string, string | undefined>;

/**
 * Reads the connection the way MLflow users already configure it: MLFLOW_S3_ENDPOINT_URL
 * (or the SDK's AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL), AWS_REGION / AWS_DEFAULT_REGION,
 * and MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE. Path style is the default with a custom
 * endpoint, because virtual-host style needs wildcard DNS those servers rarely have.
 */
export function s3ConnectionFromEnv(env: Env): S3Connection {
  const endpoint = env.MLFLOW_S3_ENDPOINT_URL || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  const style = env.MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE;
  const forcePathStyle = style === 'path' || (style !== 'virtual' && endpoint !== undefined);
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  return { endpoint, region, forcePathStyle, credentials: credentialsFromEnv(env) };
}

/** Keys given in `env` win, so a caller's environment object means the same as process.env. */
function credentialsFromEnv(env: Env): S3Connection['credentials'] {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

export function createS3Client(connection: S3Connection): S3Client {
  return new S3Client({
    endpoint: connection.endpoint,
    region: connection.region,
    forcePathStyle: connection.forcePathStyle,
    credentials: connection.credentials,
    // The SDK's default CRC checksums on every request are unknown to many S3-compatible
    // servers (Ceph before Squid, older MinIO); Strata keeps its own SHA-256 instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

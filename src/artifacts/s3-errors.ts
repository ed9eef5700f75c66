import { StrataError, invalidParameter, isStrataError, notFound } from '../core/errors.js';

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'TimeoutError']);

/**
 * Maps S3 failures onto Strata's codes: what the client got wrong is 4xx, what the object
 * store did is a 5xx whose message names the S3 error (never the credentials or request).
 * Errors that are not S3's, such as a request body failing mid-upload, pass through.
 */
export function translateS3Error(error: unknown, path: string): unknown {
  if (isStrataError(error)) return error;
  const e = (error ?? {}) as AwsLikeError;
  const name = e.name ?? '';
  switch (name) {
    case 'NoSuchKey':
    case 'NotFound':
      return notFound(`No artifact at '${path}'.`);
    case 'NoSuchUpload':
      return notFound(`No multipart upload for '${path}' with that id.`);
    case 'InvalidRange':
      return new StrataError('INVALID_PARAMETER_VALUE', `Range starts past the end of '${path}'.`, 416);
    case 'InvalidPart':
    case 'InvalidPartOrder':
    case 'EntityTooSmall':
      return invalidParameter(`Multipart upload of '${path}' cannot complete: ${name} (${e.message ?? ''}).`);
    case 'NoSuchBucket':
      return new StrataError('INTERNAL_ERROR', `The artifact bucket does not exist (S3 NoSuchBucket).`);
    case 'AccessDenied':
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
      return new StrataError('INTERNAL_ERROR', `The object store refused Strata's credentials (S3 ${name}).`);
  }
  if (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(name) || (e.$metadata?.httpStatusCode ?? 0) >= 500) {
    return new StrataError('TEMPORARILY_UNAVAILABLE', `The object store is unavailable (${e.code ?? name}); retry later.`);
  }
  if (e.$metadata) return new StrataError('INTERNAL_ERROR', `The object store failed on '${path}' (S3 ${name}).`);
  return error;
}

export function s3ErrorName(error: unknown): string | undefined {
  return (error as AwsLikeError | null)?.name;
}

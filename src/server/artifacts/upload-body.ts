import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { StrataError, isStrataError } from '../../core/errors.js';

/** The request body as a stream: what the raw parser handed over, or the request itself when empty. */
export function uploadBody(request: FastifyRequest): Readable {
  return (request.body as Readable | undefined) ?? request.raw;
}

/** The declared body size, when the client sent one (it lets S3 stream a part instead of buffering it). */
export function declaredLength(request: FastifyRequest): number | undefined {
  if (request.headers['transfer-encoding'] !== undefined) return undefined;
  const value = Number(request.headers['content-length']);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * A client that hangs up mid-body is not a server fault: the store has already discarded
 * the partial upload, and the answer (which nobody will read) must not be logged as a 500.
 */
export function uploadFailure(request: FastifyRequest, error: unknown): unknown {
  if (isStrataError(error) || !request.raw.destroyed) return error;
  return new StrataError('BAD_REQUEST', 'The upload was interrupted before the whole body arrived; nothing was stored.');
}

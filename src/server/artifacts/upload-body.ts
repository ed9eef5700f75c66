import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StrataError, isStrataError } from '../../core/errors.js';
import { flowingChunks } from '../../artifacts/flowing-chunks.js';

/** Bodies left to read after a failed upload that are drained to keep the connection; beyond, it is closed. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** Body bytes read ahead of the store before the socket is paused. */
const READ_AHEAD_BYTES = 2 * 1024 * 1024;

/**
 * The request body as a byte stream. A store that stops reading early (disk full, S3
 * error) must not destroy the request: that would reset the connection before the client
 * could read the error. `discardUnreadBody` deals with the rest. The request is read ahead by up to READ_AHEAD_BYTES (see flowingChunks).
 */
export function uploadBody(request: FastifyRequest): AsyncIterable<Uint8Array> {
  const stream = (request.body as Readable | undefined) ?? request.raw;
  return flowingChunks(stream, READ_AHEAD_BYTES);
}

/**
 * After a failed upload: reads and drops what the client is still sending, so it sees the
 * error instead of a reset connection. A large remainder is not worth reading; the
 * connection is closed after the answer instead.
 */
export function discardUnreadBody(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  if (raw.destroyed || raw.readableEnded) return;
  const declared = declaredLength(request);
  if (declared === undefined || declared - raw.socket.bytesRead > MAX_DRAIN_BYTES) void reply.header('connection', 'close');
  raw.resume();
}

/** The declared body size, when the client sent one (it lets S3 stream a part instead of buffering it). */
export function declaredLength(request: FastifyRequest): number | undefined {
  if (request.headers['transfer-encoding'] !== undefined) return undefined;
  const value = Number(request.headers['content-length']);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Settles the request after a failed upload (see discardUnreadBody) and picks the error to
 * answer with. A client that hangs up mid-body is not a server fault: the store has already discarded
 * the partial upload, and the answer (which nobody will read) must not be logged as a 500.
 */
export function uploadFailure(request: FastifyRequest, reply: FastifyReply, error: unknown): unknown {
  discardUnreadBody(request, reply);
  if (isStrataError(error) || !request.raw.destroyed) return error;
  return new StrataError('BAD_REQUEST', 'The upload was interrupted before the whole body arrived; nothing was stored.');
}

import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StrataError, isStrataError } from '../../core/errors.js';

/** Bodies left to read after a failed upload that are drained to keep the connection; beyond, it is closed. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** Body bytes read ahead of the store before the socket is paused. */
const READ_AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * The request body as a byte stream. A store that stops reading early (disk full, S3
 * error) must not destroy the request: that would reset the connection before the client
 * could read the error. `discardUnreadBody` deals with the rest.
 *
 * The request is read in flowing mode into a queue of up to READ_AHEAD_BYTES. Iterating
 * the request itself would pause and resume the socket for nearly every 64 KiB chunk (its
 * high-water mark is 16 KiB): two epoll_ctl calls and an idle socket each time.
 */
export function uploadBody(request: FastifyRequest): AsyncIterable<Uint8Array> {
  const stream = (request.body as Readable | undefined) ?? request.raw;
  return { [Symbol.asyncIterator]: () => flowingIterator(stream, READ_AHEAD_BYTES) };
}

function flowingIterator(stream: Readable, readAheadBytes: number): AsyncIterator<Uint8Array> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = stream.readableEnded;
  let failure: unknown;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= readAheadBytes && !paused) {
      paused = true;
      stream.pause();
    }
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (error: unknown) => {
    failure ??= error;
    notify();
  };
  const onClose = () => {
    if (!ended) failure ??= Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    notify();
  };
  const detach = () => {
    stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    if (!ended) stream.pause();
  };
  if (stream.errored) failure = stream.errored;
  else if (stream.destroyed && !ended) onClose();
  if (!ended && failure === undefined) {
    stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    stream.resume();
  }
  return {
    async next(): Promise<IteratorResult<Uint8Array>> {
      for (;;) {
        const chunk = queue.shift();
        if (chunk !== undefined) {
          queued -= chunk.length;
          if (paused && queued <= readAheadBytes / 2) {
            paused = false;
            stream.resume();
          }
          return { value: chunk, done: false };
        }
        if (failure !== undefined) {
          detach();
          throw failure;
        }
        if (ended) {
          detach();
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return(): Promise<IteratorResult<Uint8Array>> {
      detach();
      queue.length = 0;
      return { value: undefined, done: true };
    },
  };
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

/**
 * Closes a request whose body stops arriving. Node's own requestTimeout counts the whole
 * request, so any value short enough to stop a stalled client would also cut a large,
 * steady upload; an idle timeout cuts only the client that sends nothing. The socket's
 * `bytesRead` is polled rather than listening for 'data': the HTTP parser reads the
 * socket itself, and a 'data' listener on the request would start the body flowing.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { StrataError } from '../core/errors.js';
import { errorBody } from './error-handler.js';

export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 30_000;

/** How often a stalled body is looked at: a quarter of the timeout, at most once a second. */
function pollIntervalMs(idleMs: number): number {
  return Math.max(10, Math.min(1000, Math.floor(idleMs / 4)));
}

function expectsBody(request: IncomingMessage): boolean {
  if (request.complete) return false;
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/** Calls `onIdle` once the body has made no progress for `idleMs`; stops watching when it is complete. */
function watchBody(request: IncomingMessage, idleMs: number, onIdle: () => void): void {
  const socket = request.socket;
  let bytesSeen = socket.bytesRead;
  let lastProgressAt = Date.now();
  const timer = setInterval(() => {
    if (request.complete || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    // Bytes read but not yet consumed mean the server is the slow side (a store absorbing
    // an upload has paused the socket): that is not the client idling.
    if (socket.bytesRead !== bytesSeen || request.readableLength > 0) {
      bytesSeen = socket.bytesRead;
      lastProgressAt = Date.now();
    } else if (Date.now() - lastProgressAt >= idleMs) {
      clearInterval(timer);
      onIdle();
    }
  }, pollIntervalMs(idleMs));
  timer.unref();
}

function answerTimeout(request: IncomingMessage, reply: FastifyReply, idleMs: number): void {
  if (reply.sent) {
    request.destroy();
    return;
  }
  // Once the answer is out, the request is destroyed: Node detaches a request from its
  // socket when the response finishes, so the handler still waiting for the body (and the
  // temporary file of an upload) would otherwise wait forever.
  reply.raw.once('finish', () => request.destroy());
  const error = new StrataError('BAD_REQUEST', `No request body bytes arrived for ${idleMs} ms; the connection is closed.`, 408);
  void reply.code(408).header('connection', 'close').type('application/json').send(errorBody(error));
}

/** 0 turns the timeout off. */
export function useBodyIdleTimeout(app: FastifyInstance, idleMs: number): void {
  if (idleMs <= 0) return;
  app.addHook('onRequest', (request, reply, done) => {
    if (expectsBody(request.raw)) watchBody(request.raw, idleMs, () => answerTimeout(request.raw, reply, idleMs));
    done();
  });
}

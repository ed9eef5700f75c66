/**
 * Answers the errors Node's HTTP parser raises before Fastify sees a request (headers larger
 * than Node accepts, a malformed request line or header, a request that did not arrive in
 * time) with MLflow's `{error_code, message}` body, like every other error, instead of
 * Fastify's `{error, message, statusCode}`. Nothing more can be read from such a connection,
 * so the answer is written to the socket and the connection closed, as Node itself does.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { StrataError } from '../core/errors.js';
import { errorBody, httpStatusOf } from './error-handler.js';

function answerFor(code: string | undefined): StrataError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new StrataError('REQUEST_LIMIT_EXCEEDED', 'Request headers are larger than the server accepts.', 431);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new StrataError('BAD_REQUEST', 'The request did not arrive in time.', 408);
    default:
      return new StrataError('BAD_REQUEST', 'Malformed HTTP request.', 400);
  }
}

export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const answer = answerFor(error.code);
    const body = errorBody(answer);
    const status = httpStatusOf(answer);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

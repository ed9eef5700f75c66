/**
 * One place that turns failures into MLflow's `{error_code, message}` bodies. Known
 * errors keep their code and status; anything else is a bare 500 whose detail goes
 * to the log only, so internals never reach a client.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorResponse } from '../api/error.js';
import { MAX_ERROR_MESSAGE_LENGTH } from '../api/limits.js';
import { isStrataError, StrataError } from '../core/errors.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

export type InternalErrorLogger = (error: unknown, request: FastifyRequest) => void;

function fromFrameworkError(error: FastifyError, bodyLimit: number): StrataError | undefined {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new StrataError('REQUEST_LIMIT_EXCEEDED', `Request body is larger than ${bodyLimit} bytes.`, 413);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new StrataError('BAD_REQUEST', error.message, status);
  return undefined;
}

export function errorBody(error: StrataError): string {
  // Rules quote client values shortened already (shortenForMessage); this bounds what is left.
  const body: ApiErrorResponse = { error_code: error.code, message: shortenForMessage(error.message, { limit: MAX_ERROR_MESSAGE_LENGTH }) };
  return JSON.stringify(body);
}

export function createErrorHandler(bodyLimit: number, logInternal: InternalErrorLogger) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const known = isStrataError(error)
      ? error
      : error instanceof Error && 'code' in error
        ? fromFrameworkError(error as FastifyError, bodyLimit)
        : undefined;
    if (known) {
      void reply.code(known.status).type('application/json').send(errorBody(known));
      return;
    }
    logInternal(error, request);
    void reply
      .code(500)
      .type('application/json')
      .send(errorBody(new StrataError('INTERNAL_ERROR', 'Internal server error')));
  };
}

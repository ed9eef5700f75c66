/**
 * One place that turns failures into MLflow's `{error_code, message}` bodies and statuses.
 * Known errors keep their code and answer with its status (`httpStatusOf`); anything else
 * is a bare 500 whose detail goes to the log only, so internals never reach a client.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorResponse, ErrorCode } from '../api/error.js';
import { MAX_ERROR_MESSAGE_LENGTH } from '../api/limits.js';
import { isStrataError, StrataError } from '../core/errors.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

/** HTTP status per code, as mlflow/exceptions.py maps them (RESOURCE_ALREADY_EXISTS is 400). */
const ERROR_STATUS: Record<ErrorCode, number> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  RESOURCE_ALREADY_EXISTS: 400,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  INVALID_STATE: 500,
  BAD_REQUEST: 400,
  ENDPOINT_NOT_FOUND: 404,
  REQUEST_LIMIT_EXCEEDED: 429,
  TEMPORARILY_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

/** The status an error answers with: its own where MLflow's differs (413, 416…), else its code's. */
export function httpStatusOf(error: StrataError): number {
  return error.status ?? ERROR_STATUS[error.code];
}

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
  if (error.details !== undefined) body.details = error.details;
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
      void reply.code(httpStatusOf(known)).type('application/json').send(errorBody(known));
      return;
    }
    logInternal(error, request);
    void reply
      .code(500)
      .type('application/json')
      .send(errorBody(new StrataError('INTERNAL_ERROR', 'Internal server error')));
  };
}

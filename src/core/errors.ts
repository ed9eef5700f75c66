/**
 * One error class with a closed set of codes: MLflow's own error codes (src/api/error.ts),
 * so the HTTP layer can answer exactly as an MLflow server would. The status for each code
 * lives in the server's table (src/server/error-handler.ts); an error carries a status of
 * its own only where MLflow answers differently from its code's (e.g. 413, 416).
 */
import type { ErrorCode } from '../api/error.js';

export class StrataError extends Error {
  readonly code: ErrorCode;
  /** Overrides the code's status where MLflow answers differently (e.g. 413); unset: the code's. */
  readonly status: number | undefined;
  /**
   * Structured detail a client can act on beyond the message (a gate spec's problems with their
   * lines and columns); sent as the body's `details` field. JSON-safe values only.
   */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, status?: number, details?: Record<string, unknown>) {
    super(message);
    this.name = 'StrataError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isStrataError(value: unknown): value is StrataError {
  return value instanceof StrataError;
}

export const invalidParameter = (message: string): StrataError =>
  new StrataError('INVALID_PARAMETER_VALUE', message);

export const notFound = (message: string): StrataError =>
  new StrataError('RESOURCE_DOES_NOT_EXIST', message);

export const alreadyExists = (message: string): StrataError =>
  new StrataError('RESOURCE_ALREADY_EXISTS', message);

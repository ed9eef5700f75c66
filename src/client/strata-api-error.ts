import type { ErrorCode } from '../api/error.js';

/**
 * An error answer from a Strata (or MLflow) server, or the failure to get one.
 * `status` is 0 when no HTTP response arrived at all (the server was unreachable).
 */
export class StrataApiError extends Error {
  readonly status: number;
  /** MLflow's error code, e.g. RESOURCE_DOES_NOT_EXIST; NETWORK_ERROR when unreachable. */
  readonly errorCode: string;
  /** The body's `details`, when the server sent structured detail (a gate spec's problems). */
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, errorCode: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrataApiError';
    this.status = status;
    this.errorCode = errorCode;
    this.details = options?.details;
  }

  /** Same field name as the wire body, for code that handles both. */
  get error_code(): string {
    return this.errorCode;
  }
}

export function isStrataApiError(value: unknown, errorCode?: ErrorCode | 'NETWORK_ERROR'): value is StrataApiError {
  return value instanceof StrataApiError && (errorCode === undefined || value.errorCode === errorCode);
}

/** The code to report when a failed response has no MLflow error body (a proxy's 502 page, say). */
export function errorCodeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404) return 'ENDPOINT_NOT_FOUND';
  if (status === 429) return 'REQUEST_LIMIT_EXCEEDED';
  if (status === 503) return 'TEMPORARILY_UNAVAILABLE';
  return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
}

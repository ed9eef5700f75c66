/**
 * MLflow's error codes: the closed set a Strata error carries (core's StrataError) and an error
 * body names. The HTTP status of each code is the server's business (src/server/error-handler.ts).
 */
export const ERROR_CODES = [
  'INVALID_PARAMETER_VALUE',
  'RESOURCE_DOES_NOT_EXIST',
  'RESOURCE_ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'INVALID_STATE',
  'BAD_REQUEST',
  'ENDPOINT_NOT_FOUND',
  'REQUEST_LIMIT_EXCEEDED',
  'TEMPORARILY_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The body of every failed MLflow/Strata API response. `error_code` is one of MLflow's
 * codes; clients must still tolerate codes they do not know, since an MLflow server
 * (not only Strata) may be on the other end.
 */
export interface ApiErrorResponse {
  error_code: ErrorCode;
  message: string;
  /** Strata only: structured detail for some errors (a gate spec's problems: GateSpecErrorDetails). */
  details?: Record<string, unknown>;
}

/** What a client may actually receive: any code string, not only the ones Strata sends. */
export interface ReceivedApiError {
  error_code: string;
  message: string;
  details?: Record<string, unknown>;
}

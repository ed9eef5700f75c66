/**
 * One error class with a closed set of codes: MLflow's own error codes, so the HTTP
 * layer can answer exactly as an MLflow server would. The status for each code lives
 * in `ERROR_STATUS` below; the compiler checks the table is total.
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

/** HTTP status per code, as mlflow/exceptions.py maps them (RESOURCE_ALREADY_EXISTS is 400). */
export const ERROR_STATUS: Record<ErrorCode, number> = {
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

export class StrataError extends Error {
  readonly code: ErrorCode;
  /** Overrides the code's default status where MLflow answers differently (e.g. 413). */
  readonly status: number;

  constructor(code: ErrorCode, message: string, status?: number) {
    super(message);
    this.name = 'StrataError';
    this.code = code;
    this.status = status ?? ERROR_STATUS[code];
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

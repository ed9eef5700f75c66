/**
 * The data engine's one error class. Codes form a closed set so the CLI can map each to an
 * exit code and a script can branch on them; messages name the file and say what to do.
 * Expected per-path failures are returned as `{ ok: false, error }` outcomes carrying the
 * same shape; only whole-command failures (no repository, bad config) are thrown.
 */
export const DATA_ERROR_CODES = [
  'NOT_A_GIT_REPO',
  'NOT_A_DATA_REPO',
  'PATH_NOT_FOUND',
  'PATH_OUTSIDE_REPO',
  'PATH_ALREADY_TRACKED',
  'NOT_TRACKED',
  'SYMLINK_REFUSED',
  'UNREADABLE',
  'INVALID_POINTER',
  'INVALID_CONFIG',
  'LOCAL_CHANGES',
  'CORRUPTED_OBJECT',
  'OBJECT_MISSING',
  'REMOTE_NOT_FOUND',
  'REMOTE_EXISTS',
  'UNSUPPORTED_REMOTE',
  'TRANSFER_FAILED',
  'GIT_ERROR',
  'IO_ERROR',
] as const;

export type DataErrorCode = (typeof DATA_ERROR_CODES)[number];

/** What a failed per-path outcome carries: plain data, so it serialises to `--json`. */
export interface DataErrorInfo {
  code: DataErrorCode;
  message: string;
}

export class DataError extends Error {
  readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string) {
    super(message);
    this.name = 'DataError';
    this.code = code;
  }

  toInfo(): DataErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isDataError(value: unknown): value is DataError {
  return value instanceof DataError;
}

/** Turns anything thrown while working on one path into an outcome's error. */
export function toErrorInfo(err: unknown, path: string): DataErrorInfo {
  if (isDataError(err)) return err.toInfo();
  return describeIoError(err, path).toInfo();
}

/** Maps a Node fs error to a DataError whose message names the path. */
export function describeIoError(err: unknown, path: string): DataError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new DataError('PATH_NOT_FOUND', `${path}: no such file or directory`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new DataError('UNREADABLE', `${path}: permission denied; fix its permissions and retry`);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new DataError('IO_ERROR', `${path}: ${detail}`);
}

import { StrataError, invalidParameter, isStrataError, notFound } from '../core/errors.js';

export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isMissing(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Turns a file-system failure into an error the HTTP layer can answer with: the client's
 * fault (a path that collides with a file or directory) is 400, the server's (disk full,
 * permissions) a 500 with a message an operator can act on. Errors that are not
 * file-system errors (for example a client hanging up mid-body) pass through unchanged.
 */
export function translateFsError(error: unknown, path: string): unknown {
  if (isStrataError(error)) return error;
  switch (errnoCode(error)) {
    case 'ENOENT':
      return notFound(`No artifact at '${path}'.`);
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EISDIR':
    case 'ENOTEMPTY':
      return invalidParameter(`Artifact path '${path}' conflicts with an existing file or directory.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new StrataError('INTERNAL_ERROR', `Artifact storage is full; '${path}' was not written.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new StrataError('INTERNAL_ERROR', `Artifact storage refused access to '${path}' (file-system permissions).`);
    case 'ENAMETOOLONG':
      return invalidParameter(`Artifact path '${path}' is too long for the file system.`);
    default:
      return error;
  }
}

/**
 * Backend store URIs, as MLflow (SQLAlchemy) writes them:
 *   sqlite:///:memory:  or  sqlite://      in-memory database
 *   sqlite:///mlruns.db                    relative to the working directory (three slashes)
 *   sqlite:////var/lib/strata/mlruns.db    absolute (four slashes: "sqlite:///" + "/var/...")
 *   postgresql://user:pass@host:5432/db    also postgres:// and postgresql+psycopg2:// (MLflow habits)
 */
import path from 'node:path';
import { invalidParameter } from '../core/errors.js';

export type StoreLocation =
  | { dialect: 'sqlite'; filename: ':memory:' }
  | { dialect: 'sqlite'; filename: string }
  | { dialect: 'postgresql'; connectionString: string };

const POSTGRES_SCHEMES = /^(postgres|postgresql)(\+[a-z0-9_]+)?:\/\//i;

function parseSqlite(rest: string, cwd: string): StoreLocation {
  // rest is what follows "sqlite://": "" (memory), "/:memory:", "/relative.db" or "//abs/path.db".
  if (rest === '' || rest === '/:memory:') return { dialect: 'sqlite', filename: ':memory:' };
  if (!rest.startsWith('/')) {
    throw invalidParameter(`Unsupported SQLite URI "sqlite://${rest}": use sqlite:///relative.db or sqlite:////absolute/path.db`);
  }
  const filePath = rest.slice(1).split('?')[0] ?? '';
  if (filePath === '') throw invalidParameter('SQLite URI has an empty path');
  return { dialect: 'sqlite', filename: path.isAbsolute(filePath) ? filePath : path.resolve(cwd, filePath) };
}

export function parseStoreUri(uri: string, cwd: string = process.cwd()): StoreLocation {
  if (uri.startsWith('sqlite://')) return parseSqlite(uri.slice('sqlite://'.length), cwd);
  if (POSTGRES_SCHEMES.test(uri)) {
    // pg only knows postgres(ql)://; drop a SQLAlchemy driver suffix such as +psycopg2.
    return { dialect: 'postgresql', connectionString: uri.replace(/^[a-z]+(\+[a-z0-9_]+)?:/i, 'postgresql:') };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1];
  throw invalidParameter(
    scheme
      ? `Unsupported backend store URI scheme "${scheme}" in ${uri}: use sqlite:///path.db or postgresql://user:pass@host:port/db`
      : `Backend store URI "${uri}" has no scheme: use sqlite:///path.db or postgresql://user:pass@host:port/db`,
  );
}

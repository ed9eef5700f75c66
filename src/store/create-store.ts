/**
 * Opens the metadata store named by a backend store URI (see parse-store-uri.ts).
 * `createStore` only connects; `openStore` also applies pending migrations, which
 * is what a server wants at start-up (migrations are safe to run from several
 * processes at once).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { StrataError } from '../core/errors.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { postgresQuirks, sqliteQuirks } from './dialect-quirks.js';
import { parseStoreUri } from './parse-store-uri.js';
import { SqlMetadataStore, type SqlMetadataStoreOptions } from './sql-metadata-store.js';
import { openSqlite } from './sqlite-connection.js';
import { queryHealthCheck } from './health-check.js';

// pg (and its 40-odd modules) is loaded only for postgresql:// URIs: a server on SQLite
// would otherwise keep it resident for nothing.
const loadPostgres = () => import('./postgres-connection.js');

export interface StoreOptions extends SqlMetadataStoreOptions {
  /** PostgreSQL only: schema put first on every connection's search_path. */
  postgresSchema?: string;
  /** PostgreSQL only: pool size (default 10). */
  maxConnections?: number;
  /**
   * PostgreSQL only: statement_timeout of every connection (0 or absent: none). SQLite has
   * no equivalent: better-sqlite3 runs a statement synchronously and cannot interrupt it.
   */
  statementTimeoutMs?: number;
  /** Base for relative SQLite paths (default: the working directory). */
  cwd?: string;
  /** SQLite: refuse (RESOURCE_DOES_NOT_EXIST) a database file that does not exist instead of creating it. */
  mustExist?: boolean;
}

export async function createStore(uri: string, options: StoreOptions): Promise<MetadataStore> {
  const location = parseStoreUri(uri, options.cwd);
  if (location.dialect === 'sqlite') {
    const inMemory = location.filename === ':memory:';
    if (options.mustExist && !inMemory && !existsSync(location.filename)) {
      throw new StrataError('RESOURCE_DOES_NOT_EXIST', `No SQLite database at ${location.filename} (nothing was created there).`);
    }
    if (!inMemory && !options.mustExist) mkdirSync(path.dirname(location.filename), { recursive: true });
    const db = openSqlite(location.filename, { mustExist: options.mustExist === true && !inMemory });
    return new SqlMetadataStore(db, sqliteQuirks, options, queryHealthCheck(db));
  }
  const { openPostgres } = await loadPostgres();
  const { db, checkHealth } = openPostgres(location.connectionString, {
    schema: options.postgresSchema,
    maxConnections: options.maxConnections,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  return new SqlMetadataStore(db, postgresQuirks, options, checkHealth);
}

/** createStore, then migrate to the latest schema; closes the store if migrating fails. */
export async function openStore(uri: string, options: StoreOptions): Promise<MetadataStore> {
  const store = await createStore(uri, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

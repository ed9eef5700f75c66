/**
 * Opens a PostgreSQL pool behind Kysely. Type parsers make INT8 and NUMERIC come
 * back as JS numbers (times and steps fit in 2^53) and FLOAT8 keep NaN/±Infinity;
 * they are set on this pool only, never on pg's global registry. A statement timeout,
 * when given, is a connection parameter: every statement of every connection has it.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { queryHealthCheck, type HealthCheck } from './health-check.js';
import { CancellablePool } from './postgres-pool.js';
import type { Database } from './schema.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const FLOAT8_OID = 701;

/** parseFloat reads 'NaN', 'Infinity' and '-Infinity' as the matching doubles. */
const toNumber = (text: string): number => parseFloat(text);

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID || oid === FLOAT8_OID) return toNumber;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

export interface PostgresOptions {
  /** Schema to put first on the search_path of every connection (tests use one per run). */
  schema?: string;
  maxConnections?: number;
  /** PostgreSQL's statement_timeout on every connection; 0 or absent: none. */
  statementTimeoutMs?: number;
}

export interface PostgresDatabase {
  db: Kysely<Database>;
  checkHealth: HealthCheck;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function openPostgres(connectionString: string, options: PostgresOptions = {}): PostgresDatabase {
  // The schema goes into a startup option string, so only plain identifiers are allowed.
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`Invalid PostgreSQL schema name: ${options.schema}`);
  }
  const statementTimeoutMs = options.statementTimeoutMs ?? 0;
  const pool = new CancellablePool(
    {
      connectionString,
      max: options.maxConnections ?? 10,
      types: typeParsers,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    },
    statementTimeoutMs,
  );
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, checkHealth: queryHealthCheck(db, () => pool.describeLoad()) };
}

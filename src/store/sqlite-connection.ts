/**
 * Opens a SQLite database through better-sqlite3 behind Kysely. Kysely's SQLite
 * driver holds one connection behind a mutex, so concurrent requests queue instead
 * of meeting SQLITE_BUSY. Transactions begin IMMEDIATE: the write lock is taken up
 * front, so a second process on the same file waits (busy_timeout) rather than
 * failing when a read-then-write transaction tries to upgrade.
 *
 * Kysely's driver prepares every statement it runs; preparing costs more than running
 * most of our statements, so the database handed to Kysely keeps the last prepared
 * statements by SQL text. A better-sqlite3 statement may be run again and again, and
 * the single connection never runs two at once.
 */
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import { sqliteQuirks } from './dialect-quirks.js';
import type { Database } from './schema.js';

/** Distinct statements kept; the hot paths use a few dozen, search adds IN-lists of many lengths. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The part of better-sqlite3's Database that Kysely uses, with prepared statements kept
 * by SQL text. A hit is a single lookup; when full, the oldest entry goes (hot statements
 * evicted by a burst of one-off ones are simply prepared again).
 */
export class StatementCachingDatabase implements SqliteDatabase {
  readonly #database: BetterSqlite3.Database;
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(database: BetterSqlite3.Database, private readonly capacity = STATEMENT_CACHE_SIZE) {
    this.#database = database;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) return cached;
    const statement = this.#database.prepare(sql);
    if (this.#statements.size >= this.capacity) {
      this.#statements.delete(this.#statements.keys().next().value as string);
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
  }
}

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(BEGIN_IMMEDIATE);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** `filename` is a path or ':memory:'; the parent directory must exist, and the file too when `mustExist`. */
export function openSqlite(filename: string, options: { mustExist?: boolean } = {}): Kysely<Database> {
  const database = new BetterSqlite3(filename, { fileMustExist: options.mustExist ?? false });
  for (const statement of sqliteQuirks.connectionSetup) database.exec(statement);
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(new StatementCachingDatabase(database)) });
}

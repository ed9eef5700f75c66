/**
 * Opens a SQLite database through better-sqlite3 behind Kysely. Kysely's SQLite
 * driver holds one connection behind a mutex, so concurrent requests queue instead
 * of meeting SQLITE_BUSY. Transactions begin IMMEDIATE: the write lock is taken up
 * front, so a second process on the same file waits (busy_timeout) rather than
 * failing when a read-then-write transaction tries to upgrade.
 */
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import { sqliteQuirks } from './dialect-quirks.js';
import type { Database } from './schema.js';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: BetterSqlite3.Database;

  constructor(database: BetterSqlite3.Database) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** `filename` is a path or ':memory:'; the parent directory must exist. */
export function openSqlite(filename: string): Kysely<Database> {
  const database = new BetterSqlite3(filename);
  for (const statement of sqliteQuirks.connectionSetup) database.exec(statement);
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database) });
}

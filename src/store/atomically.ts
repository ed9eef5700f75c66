import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `fn` in a transaction unless `db` already is one: a multi-statement write
 * must be atomic on its own, and Kysely cannot nest transactions.
 */
export async function atomically<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

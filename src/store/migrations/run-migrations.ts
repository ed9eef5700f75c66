/**
 * Applies pending migrations, each in its own transaction together with the row
 * that records it in strata_migrations. Several processes may start at once: each
 * transaction first takes the dialect's lock, then re-reads what is applied, so a
 * migration runs exactly once (PostgreSQL: advisory lock; SQLite: BEGIN IMMEDIATE).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

const MIGRATION_LOCK_KEY = 'strata_migrations';

async function ensureMigrationTable(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('strata_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function isApplied(db: Kysely<Database>, version: number): Promise<boolean> {
  const row = await db.selectFrom('strata_migrations').select('version').where('version', '=', version).executeTakeFirst();
  return row !== undefined;
}

/** Runs one migration unless another process already did; returns whether it ran. */
async function applyOne(db: Kysely<Database>, migration: Migration, context: MigrationContext): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // SET LOCAL takes no snapshot, so the lock is still taken before the first one.
    await context.quirks.liftStatementTimeout(trx);
    await context.quirks.lockInTransaction(trx, MIGRATION_LOCK_KEY);
    await ensureMigrationTable(trx);
    if (await isApplied(trx, migration.version)) return false;
    await migration.up(trx, context);
    await trx
      .insertInto('strata_migrations')
      .values({ version: migration.version, name: migration.name, applied_at: Date.now() })
      .execute();
    return true;
  });
}

/** Applies every pending migration in order; returns the versions applied now. */
export async function runMigrations(
  db: Kysely<Database>,
  migrations: readonly Migration[],
  context: MigrationContext,
): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    if (await applyOne(db, migration, context)) applied.push(migration.version);
  }
  return applied;
}

/** Versions recorded as applied, ascending (empty on a fresh database). */
export async function appliedVersions(db: Kysely<Database>): Promise<number[]> {
  await ensureMigrationTable(db);
  const rows = await db.selectFrom('strata_migrations').select('version').orderBy('version').execute();
  return rows.map((row) => row.version);
}


/** Every migration, in order. Append only; migrations.test.ts freezes this list. */
import { initial } from './0001_initial.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [initial];

export { runMigrations } from './run-migrations.js';
export type { Migration, MigrationContext } from './migration.js';

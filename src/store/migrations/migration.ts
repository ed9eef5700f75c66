import type { Kysely } from 'kysely';
import type { DialectQuirks } from '../dialect-quirks.js';
import type { Database } from '../schema.js';

/** What a migration may depend on besides the database. */
export interface MigrationContext {
  quirks: DialectQuirks;
  /** Artifact location of a seeded experiment, from the store options. */
  defaultArtifactLocation: (experimentId: string) => string;
}

/** One append-only schema step. Never edit a released migration: add the next one. */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<Database>, context: MigrationContext): Promise<void>;
}

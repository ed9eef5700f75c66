/**
 * Identities (issue 13): users (service accounts are users without a password), groups and
 * their members, API tokens and dashboard sessions. Secrets are stored only as hashes: an
 * argon2id hash for a password, SHA-256 for tokens and session ids (random, 32 bytes: a fast
 * hash is enough, and it makes the lookup one index probe). Unique indexes settle races: two
 * creations of one user name end in one RESOURCE_ALREADY_EXISTS.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const identity: Migration = {
  version: 11,
  name: 'identity',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text')
      .addColumn('is_admin', 'integer', (c) => c.notNull())
      .addColumn('is_service_account', 'integer', (c) => c.notNull())
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .addColumn('last_update_time', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('user_groups')
      .addColumn('group_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('user_group_members')
      .addColumn('group_id', 'text', (c) => c.notNull().references('user_groups.group_id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addPrimaryKeyConstraint('user_group_members_pk', ['group_id', 'user_id'])
      .execute();
    await db.schema.createIndex('user_group_members_user_idx').on('user_group_members').column('user_id').execute();
    await db.schema
      .createTable('api_tokens')
      .addColumn('token_id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('expires_time', 'bigint')
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .addColumn('last_used_time', 'bigint')
      .addColumn('revoked_time', 'bigint')
      .execute();
    await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();
    await db.schema
      .createTable('auth_sessions')
      .addColumn('session_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .addColumn('expires_time', 'bigint', (c) => c.notNull())
      .execute();
  },
};

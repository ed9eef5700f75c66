/**
 * OpenID Connect sign-in (issue 13). `user_identities` links an identity provider's account
 * (issuer, subject: the pair the spec guarantees stable and unique) to a Strata user; a user
 * name is never the link, so a provider account cannot take over a local user by its name.
 * `oidc_logins` holds sign-ins under way (state → PKCE verifier, nonce, where to return) for ten
 * minutes, in the database so the provider may send the browser back to any replica; the state
 * is stored as its SHA-256 and each row is deleted as it is used (one-time). `users.is_disabled`
 * lets an admin keep an account (its grants, its history) while refusing every sign-in.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const oidc: Migration = {
  version: 17,
  name: 'oidc',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema
      .createTable('user_identities')
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .addColumn('last_login_time', 'bigint')
      .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
      .execute();
    await db.schema.createIndex('user_identities_user_idx').on('user_identities').column('user_id').execute();
    await db.schema
      .createTable('oidc_logins')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('return_to', 'text', (c) => c.notNull())
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .addColumn('expires_time', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_logins_expiry_idx').on('oidc_logins').column('expires_time').execute();
    await db.schema.alterTable('users').addColumn('is_disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};

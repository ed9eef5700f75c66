/**
 * Authorization grants (src/core/ports/grant-repository.ts): one row per (resource, grantee),
 * so granting again replaces the role. The primary key serves "who holds what on this
 * resource"; the grantee index serves "what may this user (and its groups) read", the
 * readable set pushed into searches.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const grants: Migration = {
  version: 12,
  name: 'grants',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema
      .createTable('grants')
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_key', 'text', (c) => c.notNull())
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('principal_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('granted_time', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('grants_pk', ['resource_type', 'resource_key', 'principal_type', 'principal_name'])
      .execute();
    await db.schema.createIndex('grants_grantee_idx').on('grants').columns(['principal_type', 'principal_name', 'resource_type']).execute();
    await db.schema
      .createTable('server_rights')
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('principal_name', 'text', (c) => c.notNull())
      .addColumn('server_right', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('server_rights_pk', ['principal_type', 'principal_name', 'server_right'])
      .execute();
  },
};

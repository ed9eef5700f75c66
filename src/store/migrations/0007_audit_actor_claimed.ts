/**
 * Audit events keep the user name a request claimed apart from its verified actor. No
 * request has ever been authenticated, so every name recorded so far in `actor` was only
 * claimed (an HTTP Basic user name whose password nobody checked): it moves to
 * `actor_claimed`, and `actor` becomes `anonymous`. Nothing is lost, and the API's `actor`
 * filter matches either column, so searches by those names still find them. gc's purges are
 * the exception: their actor (`cli:<user>`) is gc's own, run by whoever holds the
 * database's credentials, not something a request claimed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const auditActorClaimed: Migration = {
  version: 7,
  name: 'audit_actor_claimed',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema.alterTable('audit_events').addColumn('actor_claimed', 'text').execute();
    await sql`UPDATE audit_events SET actor_claimed = actor, actor = 'anonymous'
      WHERE actor <> 'anonymous' AND action NOT IN ('run.purge', 'experiment.purge')`.execute(db);
  },
};

/**
 * EXISTS tests for filter terms, written so that PostgreSQL plans a long filter in time
 * linear in its terms.
 *
 * PostgreSQL turns each EXISTS (and NOT EXISTS) that is an operand of the WHERE clause's
 * top-level AND into a semi-join (anti-join) and then searches join orders over all of them:
 * the search grows about fourfold per term. With 99 runs a 10-term AND took 0.6 s to plan,
 * 20 terms over 2 s, 50 terms 48 s. It only pulls up a bare (NOT) EXISTS; wrapped in
 * `IS TRUE` / `IS FALSE` (the same truth value: EXISTS is never NULL) the test stays a subplan
 * that probes the child table's (run_uuid, key) key per candidate row, or hashes it, and costs
 * the planner a constant amount. The first few tests stay bare, so the short filters people
 * usually write keep the semi-join plans that are fastest on large experiments.
 * SQLite runs every EXISTS as a correlated subquery either way.
 */
import { sql, type RawBuilder } from 'kysely';

/** Bare EXISTS per filter: planning 3 semi-joins takes under 1 ms, 6 take ~50 ms. */
export const BARE_EXISTS_PER_FILTER = 3;

export interface ExistsTests {
  /** `EXISTS (subquery)`. */
  exists(subquery: RawBuilder<unknown>): RawBuilder<boolean>;
  /** `NOT EXISTS (subquery)`. */
  notExists(subquery: RawBuilder<unknown>): RawBuilder<boolean>;
}

/** One per compiled filter: it counts the bare tests handed out so far. */
export function createExistsTests(): ExistsTests {
  let bare = 0;
  const takeBare = (): boolean => {
    bare += 1;
    return bare <= BARE_EXISTS_PER_FILTER;
  };
  return {
    exists: (subquery) => (takeBare() ? sql<boolean>`EXISTS (${subquery})` : sql<boolean>`(EXISTS (${subquery})) IS TRUE`),
    notExists: (subquery) =>
      takeBare() ? sql<boolean>`NOT EXISTS (${subquery})` : sql<boolean>`(EXISTS (${subquery})) IS FALSE`,
  };
}

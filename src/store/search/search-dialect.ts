/**
 * The one place search SQL differs between SQLite and PostgreSQL: reading the
 * `mlflow.data.context` tag out of run_inputs.tags (JSON text), and whether a sort by a
 * param or tag has an index to read from. Everything else the search compiles to is
 * portable SQL.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';

const CONTEXT_TAG = 'mlflow.data.context';

export interface SearchDialect {
  /** The context tag's value for the run_inputs row aliased `inputsAlias`, or NULL when it has none. */
  datasetContext(inputsAlias: string): RawBuilder<string | null>;
  /**
   * Params and run tags have an index by (experiment, key, value, tie-breakers) to read a sort by
   * them from (migration 20; SQLite only, see quirks.keyValueSortIndex). Without it the
   * key-ordered page would read every row of the key and sort them: the general plan does that
   * as well, with fewer statements.
   */
  readonly keyValueSortIndex: boolean;
}

export const sqliteSearchDialect: SearchDialect = {
  keyValueSortIndex: true,
  datasetContext: (alias) =>
    sql<string | null>`(SELECT json_extract(je.value, '$.value') FROM json_each(${sql.ref(`${alias}.tags`)}) je WHERE json_extract(je.value, '$.key') = ${CONTEXT_TAG} LIMIT 1)`,
};

export const postgresSearchDialect: SearchDialect = {
  keyValueSortIndex: false,
  datasetContext: (alias) =>
    sql<string | null>`(SELECT je->>'value' FROM jsonb_array_elements(CAST(${sql.ref(`${alias}.tags`)} AS jsonb)) je WHERE je->>'key' = ${CONTEXT_TAG} LIMIT 1)`,
};

/**
 * Picks the dialect from the Kysely instance, for callers that do not pass one.
 * getExecutor() is marked internal in Kysely's typings but is how its own
 * plugins reach the adapter; the store can pass the dialect explicitly instead.
 */
export function detectSearchDialect(db: Kysely<Database>): SearchDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresSearchDialect : sqliteSearchDialect;
}

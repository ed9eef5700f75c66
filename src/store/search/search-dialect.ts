/**
 * The one place search SQL differs between SQLite and PostgreSQL: reading the
 * `mlflow.data.context` tag out of run_inputs.tags (JSON text). Everything else
 * the search compiles to is portable SQL.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';

const CONTEXT_TAG = 'mlflow.data.context';

export interface SearchDialect {
  /** The context tag's value for the run_inputs row aliased `inputsAlias`, or NULL when it has none. */
  datasetContext(inputsAlias: string): RawBuilder<string | null>;
}

export const sqliteSearchDialect: SearchDialect = {
  datasetContext: (alias) =>
    sql<string | null>`(SELECT json_extract(je.value, '$.value') FROM json_each(${sql.ref(`${alias}.tags`)}) je WHERE json_extract(je.value, '$.key') = ${CONTEXT_TAG} LIMIT 1)`,
};

export const postgresSearchDialect: SearchDialect = {
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

/**
 * Runs one keyset-paged query: the caller supplies FROM/JOIN/WHERE and the sort
 * terms; this adds the page token condition, ORDER BY and LIMIT, and turns the
 * row after the page into the next token.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { keysetPredicate, orderByList, selectTerms, type SortTerm, type SortValue } from './sort-term.js';

export interface KeysetQuery {
  /** Expression for the id to return, e.g. r.run_uuid. */
  id: RawBuilder<unknown>;
  /** FROM … JOIN … (no WHERE). */
  from: RawBuilder<unknown>;
  where: RawBuilder<boolean>[];
  terms: SortTerm[];
  maxResults: number;
  pageToken?: string;
}

export async function fetchKeysetPage(
  db: Kysely<Database>,
  query: KeysetQuery,
): Promise<{ ids: unknown[]; nextPageToken?: string }> {
  const result = await keysetPageSql(query).execute(db);
  const limit = pageLimit(query);
  const rows = result.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  const ids = rows.map((row) => row.id);
  if (result.rows.length <= limit || last === undefined) return { ids };
  const values = query.terms.map((_, i) => last[`k${i}`] as SortValue);
  return { ids, nextPageToken: encodePageToken(values) };
}

/** The statement fetchKeysetPage runs; tests EXPLAIN it. */
export function keysetPageSql(query: KeysetQuery): RawBuilder<Record<string, unknown>> {
  const where = [...query.where];
  if (query.pageToken) where.push(keysetPredicate(query.terms, decodePageToken(query.pageToken, query.terms)));
  const condition = where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  // One row more than asked tells whether another page exists.
  return sql<Record<string, unknown>>`SELECT ${query.id} AS id, ${selectTerms(query.terms)} ${query.from} ${condition} ORDER BY ${orderByList(query.terms)} LIMIT ${pageLimit(query) + 1}`;
}

function pageLimit(query: KeysetQuery): number {
  return Math.max(0, Math.floor(query.maxResults));
}

/**
 * Run counts per value of one param or tag, over the runs a filter keeps: one grouped join of
 * the experiment's runs with the key's rows (by their (run_uuid, key) primary key), plus a count
 * of the runs without the key. The filter is the runs search's own compiled filter over `runs r`.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { RunValueCounts, RunValueCountsQuery } from '../core/ports/run-group-repository.js';
import { chunked } from './chunked.js';
import { toExperimentKey } from './experiment-id.js';
import type { Database } from './schema.js';
import { compileRunFilter } from './search/run-filter-sql.js';
import { detectSearchDialect } from './search/index.js';
import { lifecycleCondition } from './search/search-run-ids.js';

type Db = Kysely<Database>;

interface CountRow {
  value: string;
  n: number | string;
}

/** Bind variables per IN list: far under SQLite's and PostgreSQL's limits. */
const VALUES_PER_QUERY = 500;

const byValue = (a: { value: string }, b: { value: string }) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

export async function countRunsByValue(db: Db, query: RunValueCountsQuery): Promise<RunValueCounts> {
  const experimentId = toExperimentKey(query.experimentId);
  if (experimentId === undefined) return { values: [], missingCount: 0, truncated: false };
  const table = sql.table(query.kind === 'param' ? 'params' : 'run_tags');
  const where: RawBuilder<boolean>[] = [sql<boolean>`r.experiment_id = ${experimentId}`];
  const stage = lifecycleCondition(sql`r.lifecycle_stage`, query.viewType);
  if (stage) where.push(stage);
  if (query.filter) where.push(compileRunFilter(query.filter, detectSearchDialect(db)));
  const conditions = sql.join(where, sql` AND `);
  const counts = async (extra: RawBuilder<boolean> | undefined, limit: number) => {
    const { rows } = await sql<CountRow>`SELECT c.value AS value, COUNT(*) AS n FROM runs r
      JOIN ${table} c ON c.run_uuid = r.run_uuid AND c.key = ${query.key}
      WHERE ${conditions}${extra ? sql` AND ${extra}` : sql``}
      GROUP BY c.value ORDER BY c.value LIMIT ${limit}`.execute(db);
    return rows.map((row) => ({ value: row.value, runCount: Number(row.n) }));
  };
  if (query.values !== undefined) {
    const found = [];
    for (const chunk of chunked([...new Set(query.values)], VALUES_PER_QUERY)) found.push(...(await counts(sql<boolean>`c.value IN (${sql.join(chunk)})`, chunk.length)));
    return { values: found.sort(byValue), missingCount: 0, truncated: false };
  }
  // SQL orders by the database's collation (which picks what a cut at max_results keeps);
  // the answer is ordered by code units, as experimentKeys does, so both dialects agree.
  const values = (await counts(undefined, query.maxResults + 1)).sort(byValue);
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM runs r
    WHERE ${conditions} AND NOT EXISTS (SELECT 1 FROM ${table} c WHERE c.run_uuid = r.run_uuid AND c.key = ${query.key})`.execute(db);
  const truncated = values.length > query.maxResults;
  return { values: truncated ? values.slice(0, query.maxResults) : values, missingCount: Number(rows[0]?.n ?? 0), truncated };
}

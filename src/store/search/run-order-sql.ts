/**
 * Turns run order_by keys into LEFT JOINs and sort terms, with MLflow's order
 * semantics: missing values sort last in both directions, and for metrics NaN
 * sorts after every number but before missing. Each key becomes a rank term
 * (0 value, 1 NaN, 2 missing; always ascending) followed by its value term.
 * MLflow's default order, start_time DESC then run id, always ends the list.
 */
import { sql, type RawBuilder } from 'kysely';
import type { OrderByKey } from '../../core/search/ast.js';
import { RUN_ATTRIBUTE_COLUMNS } from './run-filter-sql.js';
import type { SortTerm } from './sort-term.js';

export interface RunOrder {
  joins: RawBuilder<unknown>[];
  terms: SortTerm[];
}

const TIE_BREAKERS: SortTerm[] = [
  { expr: sql`r.start_time`, ascending: false, type: 'number', nullable: false },
  { expr: sql`r.run_uuid`, ascending: true, type: 'string', nullable: false },
];

/** The kind of the first order_by key when the query reads its values as `o0` in its FROM clause. */
export type DrivingKey = 'metric' | 'param' | 'tag';

/**
 * `firstKeyDriven`: the first key is a metric the query reads as `o0` in its FROM clause and
 * guarantees to be a number (metric-driven-plan.ts), so it needs no join and no rank term.
 * `drivenBy`: the same for a metric, param or tag whose runs with a value are read from its
 * index (key-ordered-page.ts); a param's or tag's row also carries the run's start time and
 * id, so the tie-breakers come from the same index entry.
 */
export function compileRunOrder(keys: OrderByKey[], { firstKeyDriven = false, drivenBy }: { firstKeyDriven?: boolean; drivenBy?: DrivingKey } = {}): RunOrder {
  const driving = drivenBy ?? (firstKeyDriven ? 'metric' : undefined);
  const joins: RawBuilder<unknown>[] = [];
  const terms: SortTerm[] = [];
  keys.forEach((key, i) => {
    // Join aliases are generated; user text only ever reaches SQL as a bound value.
    const alias = `o${i}`;
    const compiled = i === 0 && driving !== undefined ? drivenKey(key, driving) : compileKey(key, alias);
    if (compiled.join) joins.push(compiled.join);
    terms.push(...compiled.terms);
  });
  const tieBreakers = driving === 'param' || driving === 'tag' ? DRIVING_ROW_TIE_BREAKERS : TIE_BREAKERS;
  return { joins, terms: [...terms, ...tieBreakers] };
}

/** The same values as TIE_BREAKERS, read from the driving param or tag row `o0` (its copies, migration 20). */
const DRIVING_ROW_TIE_BREAKERS: SortTerm[] = [
  { expr: sql`o0.start_time`, ascending: false, type: 'number', nullable: false },
  { expr: sql`o0.run_uuid`, ascending: true, type: 'string', nullable: false },
];

function drivenKey(key: OrderByKey, driving: DrivingKey): { join?: RawBuilder<unknown>; terms: SortTerm[] } {
  return { terms: [{ expr: sql.ref('o0.value'), ascending: key.ascending, type: driving === 'metric' ? 'number' : 'string', nullable: false, seekable: true }] };
}

function compileKey(key: OrderByKey, alias: string): { join?: RawBuilder<unknown>; terms: SortTerm[] } {
  const { kind, key: name } = key.entity;
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const rank = (expr: RawBuilder<unknown>): SortTerm => ({ expr, ascending: true, type: 'number', nullable: false });
  const value = (expr: RawBuilder<unknown>, type: SortTerm['type']): SortTerm => ({ expr, ascending: key.ascending, type, nullable: true });

  if (kind === 'metric') {
    return {
      join: sql`LEFT JOIN latest_metrics ${sql.raw(alias)} ON ${ref('run_uuid')} = r.run_uuid AND ${ref('key')} = ${name}`,
      terms: [
        rank(sql`CASE WHEN ${ref('run_uuid')} IS NULL THEN 2 WHEN ${ref('is_nan')} = 1 THEN 1 ELSE 0 END`),
        value(sql`CASE WHEN ${ref('is_nan')} = 0 THEN ${ref('value')} END`, 'number'),
      ],
    };
  }
  if (kind === 'param' || kind === 'tag') {
    const table = kind === 'param' ? 'params' : 'run_tags';
    return {
      join: sql`LEFT JOIN ${sql.table(table)} ${sql.raw(alias)} ON ${ref('run_uuid')} = r.run_uuid AND ${ref('key')} = ${name}`,
      terms: [rank(sql`CASE WHEN ${ref('value')} IS NULL THEN 1 ELSE 0 END`), value(ref('value'), 'string')],
    };
  }
  const attribute = kind === 'attribute' ? RUN_ATTRIBUTE_COLUMNS[name] : undefined;
  if (attribute === undefined) throw new Error(`cannot order runs by ${kind} ${name}`);
  const column = sql.ref(attribute.column);
  if (!attribute.nullable) return { terms: [{ expr: column, ascending: key.ascending, type: attribute.type, nullable: false }] };
  return { terms: [rank(sql`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`), value(column, attribute.type)] };
}

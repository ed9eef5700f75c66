/**
 * Filter and order for registered models (over `registered_models m`) and model
 * versions (over `model_versions v JOIN registered_models m`), compiled the way
 * src/store/search compiles runs: attributes as columns, tags as EXISTS subqueries
 * (so OR, NOT and IS NULL compose; search/exists-tests.ts keeps long filters cheap to plan),
 * keyset terms ending in a unique key.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Comparison, FilterExpr, OrderByKey } from '../core/search/ast.js';
import { joinBoolean, valuePredicate } from './search/comparison-sql.js';
import { createExistsTests, type ExistsTests } from './search/exists-tests.js';
import type { SortTerm } from './search/sort-term.js';

interface Column {
  column: string;
  type: 'string' | 'number';
  nullable: boolean;
}

export interface RegistrySearchTarget {
  columns: Record<string, Column>;
  /** FROM … WHERE of one tag key's rows for the current row, up to (not including) the value predicate. */
  tagRows: (key: string) => RawBuilder<unknown>;
  defaultOrder: OrderByKey[];
  /** Unique together; appended unless the order already ends with them. */
  tieBreakers: SortTerm[];
}

const col = (column: string, type: Column['type'], nullable = false): Column => ({ column, type, nullable });
const term = (column: string, type: SortTerm['type'], ascending: boolean): SortTerm => ({
  expr: sql.ref(column),
  ascending,
  type,
  nullable: false,
});

export const MODEL_TARGET: RegistrySearchTarget = {
  columns: {
    name: col('m.name', 'string'),
    creation_timestamp: col('m.creation_time', 'number'),
    last_updated_timestamp: col('m.last_updated_time', 'number'),
  },
  tagRows: (key) => sql`FROM registered_model_tags x WHERE x.model_id = m.model_id AND x.key = ${key}`,
  // MLflow: name ascending by default, and name breaks ties.
  defaultOrder: [{ entity: { kind: 'attribute', key: 'name' }, ascending: true }],
  tieBreakers: [term('m.name', 'string', true)],
};

export const VERSION_TARGET: RegistrySearchTarget = {
  columns: {
    name: col('m.name', 'string'),
    run_id: col('v.run_id', 'string', true),
    source_path: col('v.source', 'string'),
    version_number: col('v.version', 'number'),
    creation_timestamp: col('v.creation_time', 'number'),
    last_updated_timestamp: col('v.last_updated_time', 'number'),
  },
  tagRows: (key) => sql`FROM model_version_tags x WHERE x.version_id = v.version_id AND x.key = ${key}`,
  // MLflow: ties are broken by name ascending, then version descending.
  defaultOrder: [],
  tieBreakers: [term('m.name', 'string', true), term('v.version', 'number', false)],
};

export function compileRegistryFilter(expr: FilterExpr, target: RegistrySearchTarget): RawBuilder<boolean> {
  return compileExpr(expr, target, createExistsTests());
}

function compileExpr(expr: FilterExpr, target: RegistrySearchTarget, tests: ExistsTests): RawBuilder<boolean> {
  switch (expr.type) {
    case 'and':
    case 'or':
      return joinBoolean(expr.operands.map((e) => compileExpr(e, target, tests)), expr.type === 'and' ? 'AND' : 'OR');
    case 'not':
      return sql<boolean>`(NOT ${compileExpr(expr.operand, target, tests)})`;
    default:
      return expr.identifier.kind === 'tag' ? tagComparison(expr, target, tests) : attributeComparison(expr, target);
  }
}

function tagComparison(expr: Comparison, target: RegistrySearchTarget, tests: ExistsTests): RawBuilder<boolean> {
  const rows = sql`SELECT 1 ${target.tagRows(expr.identifier.key)}`;
  if (expr.type === 'null') return expr.negated ? tests.exists(rows) : tests.notExists(rows);
  return tests.exists(sql`${rows} AND ${valuePredicate(sql`x.value`, expr)}`);
}

function attributeComparison(expr: Comparison, target: RegistrySearchTarget): RawBuilder<boolean> {
  const attribute = columnFor(target, expr.identifier.key);
  const column = sql.ref(attribute.column);
  if (expr.type === 'null') return expr.negated ? sql<boolean>`${column} IS NOT NULL` : sql<boolean>`${column} IS NULL`;
  const predicate = valuePredicate(column, expr);
  // Keeps NOT(run_id = 'x') true for versions without a run, as NOT EXISTS is for tags.
  return attribute.nullable ? sql<boolean>`(${column} IS NOT NULL AND ${predicate})` : predicate;
}

export function compileRegistryOrder(keys: OrderByKey[], target: RegistrySearchTarget): SortTerm[] {
  const terms = (keys.length > 0 ? keys : target.defaultOrder).map((key): SortTerm => {
    const { column, type } = columnFor(target, key.entity.key);
    return term(column, type, key.ascending);
  });
  return [...terms, ...target.tieBreakers];
}

function columnFor(target: RegistrySearchTarget, key: string): Column {
  const column = target.columns[key];
  if (column === undefined) throw new Error(`no column for registry attribute ${key}`);
  return column;
}

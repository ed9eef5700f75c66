/**
 * Filter and order for experiments over `experiments e`: name and the two times
 * are columns, tags are matched with EXISTS as for runs. Every sort key is NOT
 * NULL, and experiment_id (unique) always ends the order.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Comparison, FilterExpr, OrderByKey } from '../../core/search/ast.js';
import { joinBoolean, valuePredicate } from './comparison-sql.js';
import { createExistsTests, type ExistsTests } from './exists-tests.js';
import type { SortTerm } from './sort-term.js';

const COLUMNS: Record<string, { column: string; type: 'string' | 'number' }> = {
  name: { column: 'e.name', type: 'string' },
  experiment_id: { column: 'e.experiment_id', type: 'number' },
  creation_time: { column: 'e.creation_time', type: 'number' },
  last_update_time: { column: 'e.last_update_time', type: 'number' },
};

/** MLflow's default: newest first. */
const DEFAULT_ORDER: OrderByKey[] = [{ entity: { kind: 'attribute', key: 'creation_time' }, ascending: false }];

export function compileExperimentFilter(expr: FilterExpr): RawBuilder<boolean> {
  return compileExpr(expr, createExistsTests());
}

function compileExpr(expr: FilterExpr, tests: ExistsTests): RawBuilder<boolean> {
  switch (expr.type) {
    case 'and':
    case 'or':
      return joinBoolean(expr.operands.map((e) => compileExpr(e, tests)), expr.type === 'and' ? 'AND' : 'OR');
    case 'not':
      return sql<boolean>`(NOT ${compileExpr(expr.operand, tests)})`;
    default:
      return expr.identifier.kind === 'tag' ? tagComparison(expr, tests) : attributeComparison(expr);
  }
}

function tagComparison(expr: Comparison, tests: ExistsTests): RawBuilder<boolean> {
  const rows = sql`SELECT 1 FROM experiment_tags x WHERE x.experiment_id = e.experiment_id AND x.key = ${expr.identifier.key}`;
  if (expr.type === 'null') return expr.negated ? tests.exists(rows) : tests.notExists(rows);
  return tests.exists(sql`${rows} AND ${valuePredicate(sql`x.value`, expr)}`);
}

function attributeComparison(expr: Comparison): RawBuilder<boolean> {
  const column = sql.ref(columnFor(expr.identifier.key).column);
  if (expr.type === 'null') return expr.negated ? sql<boolean>`${column} IS NOT NULL` : sql<boolean>`${column} IS NULL`;
  return valuePredicate(column, expr);
}

export function compileExperimentOrder(keys: OrderByKey[]): SortTerm[] {
  const terms = (keys.length > 0 ? keys : DEFAULT_ORDER).map((key): SortTerm => {
    const { column, type } = columnFor(key.entity.key);
    return { expr: sql.ref(column), ascending: key.ascending, type, nullable: false };
  });
  const hasId = keys.some((k) => k.entity.key === 'experiment_id');
  return hasId ? terms : [...terms, { expr: sql.ref('e.experiment_id'), ascending: true, type: 'number', nullable: false }];
}

function columnFor(key: string): { column: string; type: 'string' | 'number' } {
  const column = COLUMNS[key];
  if (column === undefined) throw new Error(`no column for experiment attribute ${key}`);
  return column;
}

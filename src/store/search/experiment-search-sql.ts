/**
 * Filter and order for experiments over `experiments e`: name and the two times
 * are columns, tags are matched with EXISTS as for runs. Every sort key is NOT
 * NULL, and experiment_id (unique) always ends the order.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Comparison, FilterExpr, OrderByKey } from '../../core/search/ast.js';
import { joinBoolean, valuePredicate } from './comparison-sql.js';
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
  switch (expr.type) {
    case 'and':
    case 'or':
      return joinBoolean(expr.operands.map(compileExperimentFilter), expr.type === 'and' ? 'AND' : 'OR');
    case 'not':
      return sql<boolean>`(NOT ${compileExperimentFilter(expr.operand)})`;
    default:
      return expr.identifier.kind === 'tag' ? tagComparison(expr) : attributeComparison(expr);
  }
}

function tagComparison(expr: Comparison): RawBuilder<boolean> {
  const from = sql`FROM experiment_tags x WHERE x.experiment_id = e.experiment_id AND x.key = ${expr.identifier.key}`;
  if (expr.type === 'null') {
    return expr.negated ? sql<boolean>`EXISTS (SELECT 1 ${from})` : sql<boolean>`NOT EXISTS (SELECT 1 ${from})`;
  }
  return sql<boolean>`EXISTS (SELECT 1 ${from} AND ${valuePredicate(sql`x.value`, expr)})`;
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

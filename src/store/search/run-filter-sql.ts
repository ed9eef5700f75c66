/**
 * Compiles a run FilterExpr to a boolean SQL expression over `runs r`.
 *
 * Metrics, params, tags and datasets are matched with EXISTS subqueries, so a
 * run without the key simply does not match (as in MLflow) and AND/OR/NOT
 * compose with plain two-valued logic; IS NULL is NOT EXISTS. See exists-tests.ts for
 * how a long filter stays cheap to plan.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Comparison, FilterExpr } from '../../core/search/ast.js';
import { joinBoolean, valuePredicate } from './comparison-sql.js';
import { createExistsTests, type ExistsTests } from './exists-tests.js';
import type { SearchDialect } from './search-dialect.js';

/** Run attributes as the parser canonicalises them -> columns of `runs r`. */
export const RUN_ATTRIBUTE_COLUMNS: Record<string, { column: string; type: 'string' | 'number'; nullable: boolean }> = {
  run_id: { column: 'r.run_uuid', type: 'string', nullable: false },
  run_name: { column: 'r.name', type: 'string', nullable: false },
  status: { column: 'r.status', type: 'string', nullable: false },
  user_id: { column: 'r.user_id', type: 'string', nullable: false },
  artifact_uri: { column: 'r.artifact_uri', type: 'string', nullable: false },
  start_time: { column: 'r.start_time', type: 'number', nullable: false },
  end_time: { column: 'r.end_time', type: 'number', nullable: true },
};

const KEYED_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'run_tags' } as const;

export function compileRunFilter(expr: FilterExpr, dialect: SearchDialect): RawBuilder<boolean> {
  return compileExpr(expr, dialect, createExistsTests());
}

function compileExpr(expr: FilterExpr, dialect: SearchDialect, tests: ExistsTests): RawBuilder<boolean> {
  switch (expr.type) {
    case 'and':
    case 'or':
      return joinBoolean(expr.operands.map((e) => compileExpr(e, dialect, tests)), expr.type === 'and' ? 'AND' : 'OR');
    case 'not':
      return sql<boolean>`(NOT ${compileExpr(expr.operand, dialect, tests)})`;
    default:
      return compileComparison(expr, dialect, tests);
  }
}

function compileComparison(expr: Comparison, dialect: SearchDialect, tests: ExistsTests): RawBuilder<boolean> {
  const { kind } = expr.identifier;
  if (kind === 'attribute') return attributeComparison(expr);
  if (kind === 'dataset') return datasetComparison(expr, dialect, tests);
  return keyedComparison(KEYED_TABLES[kind], expr, tests);
}

/** metrics/params/tags: a row for this run and key whose value matches. */
function keyedComparison(table: string, expr: Comparison, tests: ExistsTests): RawBuilder<boolean> {
  const rows = sql`SELECT 1 FROM ${sql.table(table)} x WHERE x.run_uuid = r.run_uuid AND x.key = ${expr.identifier.key}`;
  if (expr.type === 'null') return expr.negated ? tests.exists(rows) : tests.notExists(rows);
  if (table !== 'latest_metrics') return tests.exists(sql`${rows} AND ${valuePredicate(sql`x.value`, expr)}`);
  // NaN is stored as value 0 with is_nan = 1; like IEEE NaN it is unequal to everything and ordered with nothing.
  const matches = valuePredicate(sql`x.value`, expr);
  const nanMatches = expr.type === 'numeric' && expr.op === '!=';
  const predicate = nanMatches ? sql`(x.is_nan = 1 OR ${matches})` : sql`x.is_nan = 0 AND ${matches}`;
  return tests.exists(sql`${rows} AND ${predicate}`);
}

function attributeComparison(expr: Comparison): RawBuilder<boolean> {
  const attribute = RUN_ATTRIBUTE_COLUMNS[expr.identifier.key];
  if (attribute === undefined) throw new Error(`no column for run attribute ${expr.identifier.key}`);
  const column = sql.ref(attribute.column);
  if (expr.type === 'null') return expr.negated ? sql<boolean>`${column} IS NOT NULL` : sql<boolean>`${column} IS NULL`;
  const predicate = valuePredicate(column, expr);
  // Keeps NOT(end_time > x) true for runs without an end time, as NOT EXISTS is for metrics.
  return attribute.nullable ? sql<boolean>`(${column} IS NOT NULL AND ${predicate})` : predicate;
}

/** datasets.name / digest / context: some dataset input of the run matches. */
function datasetComparison(expr: Comparison, dialect: SearchDialect, tests: ExistsTests): RawBuilder<boolean> {
  const column =
    expr.identifier.key === 'context' ? dialect.datasetContext('ri') : sql.ref(`d.${expr.identifier.key === 'digest' ? 'digest' : 'name'}`);
  const rows = sql`SELECT 1 FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid WHERE ri.run_uuid = r.run_uuid`;
  if (expr.type === 'null') {
    const withValue = sql`${rows} AND ${column} IS NOT NULL`;
    return expr.negated ? tests.exists(withValue) : tests.notExists(withValue);
  }
  return tests.exists(sql`${rows} AND ${valuePredicate(column, expr)}`);
}

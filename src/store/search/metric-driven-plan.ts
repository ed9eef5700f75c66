/**
 * The plan for the most common large search: filter on a metric and order by it ("the best
 * runs by accuracy, accuracy above 0.9"). The general plan visits every run of the
 * experiment, probes each run's child rows and sorts them all; at 100,000 runs that is
 * ~300,000 index lookups for one page.
 *
 * When the search is in one experiment and the filter, at its top level, compares the first
 * order_by metric numerically (any comparator but `!=`, which NaN satisfies), every matching
 * run has a number for that metric. MLflow's NaN/missing rank is then the same for all of
 * them and drops out of the order, and the runs can be read from
 * latest_metrics_experiment_key_value_idx (migration 5) in the order asked, from the
 * filter's bound, stopping after one page. The rows, their order and the page tokens are
 * those of the general plan with the constant rank left out; tests compare both plans.
 */
import { sql, type RawBuilder } from 'kysely';
import type { FilterExpr, NumericComparison, OrderByKey } from '../../core/search/ast.js';
import { numericPredicate } from './comparison-sql.js';

export interface MetricDrivenPlan {
  experimentId: number;
  /** The first order_by key: its metric is read from `o0`, the plan's driving table. */
  key: string;
  /** The filter's top-level comparisons on that metric: the index range to read. */
  bounds: NumericComparison[];
}

export function findMetricDrivenPlan(
  filter: FilterExpr | undefined,
  orderBy: OrderByKey[],
  experimentIds: number[],
): MetricDrivenPlan | undefined {
  const first = orderBy[0];
  const experimentId = experimentIds[0];
  if (experimentIds.length !== 1 || experimentId === undefined || first?.entity.kind !== 'metric' || !filter) return undefined;
  const bounds = topLevelConjuncts(filter).filter(
    (c): c is NumericComparison =>
      c.type === 'numeric' && c.op !== '!=' && c.identifier.kind === 'metric' && c.identifier.key === first.entity.key,
  );
  return bounds.length > 0 ? { experimentId, key: first.entity.key, bounds } : undefined;
}

/** FROM clause: the metric's index first (CROSS JOIN fixes the join order on SQLite), then the run. */
export function metricDrivenFrom(joins: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql`FROM latest_metrics o0 CROSS JOIN runs r ${sql.join(joins, sql` `)}`;
}

/** The conditions that make `o0` the run's non-NaN value of the metric, within the filter's bounds. */
export function metricDrivenConditions(plan: MetricDrivenPlan): RawBuilder<boolean>[] {
  return [
    sql<boolean>`o0.experiment_id = ${plan.experimentId}`,
    sql<boolean>`o0.key = ${plan.key}`,
    sql<boolean>`o0.is_nan = 0`,
    ...plan.bounds.map((b) => numericPredicate(sql`o0.value`, b.op, b.value)),
    sql<boolean>`r.run_uuid = o0.run_uuid`,
  ];
}

/**
 * The filter without the bounds the plan already applies to `o0`: each bound is the same
 * test on the same (run, key) row as its EXISTS would be, so probing it again per run is
 * wasted work.
 */
export function residualFilter(filter: FilterExpr, plan: MetricDrivenPlan): FilterExpr | undefined {
  const rest = topLevelConjuncts(filter).filter((c) => !(plan.bounds as FilterExpr[]).includes(c));
  if (rest.length === 0) return undefined;
  return rest.length === 1 ? rest[0] : { type: 'and', operands: rest };
}

function topLevelConjuncts(filter: FilterExpr): FilterExpr[] {
  return filter.type === 'and' ? filter.operands.flatMap(topLevelConjuncts) : [filter];
}

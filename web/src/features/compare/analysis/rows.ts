// Compared runs as analysis rows (the experiment page builds its rows from search pages the same way).
import { fromWireDouble, type Metric, type Param } from '../../../lib/strata';
import type { AnalysisRow } from './columns';

export function toAnalysisRow(id: string, label: string, data: { params?: Param[]; metrics?: Metric[] }): AnalysisRow {
  const params: Record<string, string> = {};
  const metrics: Record<string, number> = {};
  for (const p of data.params ?? []) params[p.key] = p.value;
  for (const m of data.metrics ?? []) metrics[m.key] = fromWireDouble(m.value);
  return { id, label, params, metrics };
}

/** The chosen axes that exist among the columns, or the default choice when none are chosen in the URL. */
export function resolveAxes(chosen: readonly string[] | undefined, available: ReadonlySet<string>, fallback: readonly string[]): string[] {
  if (chosen === undefined) return [...fallback];
  return chosen.filter((id) => available.has(id));
}

// The diff table's rows: every param, metric (latest value) and tag key of the shown runs, with one
// cell per run. A row differs when its runs do not all have the same value (a missing value counts
// as a value); a cell is marked when it differs from the first shown run's, the baseline.
import { decimalsFor, formatFixed } from '../../../lib/format.js';

export type DiffSection = 'params' | 'metrics' | 'tags' | 'system';

export interface DiffInputRun {
  params: ReadonlyArray<{ key: string; value: string }>;
  metrics: ReadonlyArray<{ key: string; value: number }>;
  tags: ReadonlyArray<{ key: string; value: string }>;
}

export interface DiffRow {
  section: DiffSection;
  key: string;
  /** The cell text per run; undefined = not logged. */
  cells: Array<string | undefined>;
  /** Right-aligned tabular figures when every present value is a number. */
  numeric: boolean;
  differs: boolean;
}

const isNumberText = (v: string) => v.trim() !== '' && !Number.isNaN(Number(v));

function rowsOf(section: DiffSection, runs: ReadonlyArray<ReadonlyMap<string, string>>): DiffRow[] {
  const keys = new Set<string>();
  for (const values of runs) for (const k of values.keys()) keys.add(k);
  return [...keys].sort((a, b) => a.localeCompare(b)).map((key) => {
    const cells = runs.map((values) => values.get(key));
    const first = cells[0];
    return {
      section,
      key,
      cells,
      numeric: section === 'metrics' || cells.every((c) => c === undefined || isNumberText(c)),
      differs: cells.some((c) => c !== first),
    };
  });
}

/** Each metric with the same decimals in every run, so a row's numbers line up on the decimal point. */
function metricTexts(runs: readonly DiffInputRun[]): Array<Map<string, string>> {
  const byKey = new Map<string, number[]>();
  for (const r of runs) for (const m of r.metrics) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m.value]);
  // Counts and steps (all integers) stay as they are: 3, not 3.0000.
  const decimals = new Map([...byKey].map(([key, values]) => [key, values.every(Number.isInteger) ? undefined : decimalsFor(values)]));
  return runs.map((r) => new Map(r.metrics.map((m) => [m.key, formatFixed(m.value, decimals.get(m.key))])));
}

export function diffRows(runs: readonly DiffInputRun[]): DiffRow[] {
  const params = runs.map((r) => new Map(r.params.map((p) => [p.key, p.value])));
  const metrics = metricTexts(runs);
  const tags = runs.map((r) => new Map(r.tags.filter((t) => !t.key.startsWith('mlflow.')).map((t) => [t.key, t.value])));
  const system = runs.map((r) => new Map(r.tags.filter((t) => t.key.startsWith('mlflow.')).map((t) => [t.key, t.value])));
  return [...rowsOf('params', params), ...rowsOf('metrics', metrics), ...rowsOf('tags', tags), ...rowsOf('system', system)];
}

/** The rows to show: only differing ones when asked, and only keys containing `filter` (case-insensitive). */
export function visibleDiffRows(rows: readonly DiffRow[], onlyDifferences: boolean, filter: string): DiffRow[] {
  const needle = filter.trim().toLowerCase();
  return rows.filter((r) => (!onlyDifferences || r.differs) && (needle === '' || r.key.toLowerCase().includes(needle)));
}

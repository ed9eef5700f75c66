// Runs as columns for the analysis plots: one typed array per param or metric, so 10,000 runs ×
// 15 axes is 15 Float64Arrays, not 150,000 objects. A param whose every logged value reads as a
// finite number is numeric; any other param is categorical (its values become category indexes).

/** One run as the analysis plots need it (compare page: a compared run; experiment page: a search row). */
export interface AnalysisRow {
  id: string;
  label: string;
  params: Readonly<Record<string, string>>;
  metrics: Readonly<Record<string, number>>;
}

export type ColumnKind = 'param' | 'metric';

export interface AnalysisColumn {
  /** `params.<key>` or `metrics.<key>`, the id the URL stores. */
  id: string;
  kind: ColumnKind;
  key: string;
  type: 'numeric' | 'categorical';
  /** One value per row: the number, or for a categorical column the category's index; NaN = not logged. */
  values: Float64Array;
  /** A categorical column's values in sorted order (numbers-like strings by value). */
  categories: string[];
  /** Distinct values among the rows that have one. */
  distinct: number;
  present: number;
  /** A param's values as logged (shown in tooltips: `1e-4`, not a reformatted number). */
  logged?: ReadonlyArray<string | undefined>;
}

export const columnId = (kind: ColumnKind, key: string) => `${kind === 'param' ? 'params' : 'metrics'}.${key}`;

export function parseColumnId(id: string): { kind: ColumnKind; key: string } | undefined {
  if (id.startsWith('params.') && id.length > 7) return { kind: 'param', key: id.slice(7) };
  if (id.startsWith('metrics.') && id.length > 8) return { kind: 'metric', key: id.slice(8) };
  return undefined;
}

const asNumber = (text: string): number => (text.trim() === '' ? NaN : Number(text));

function paramColumn(rows: readonly AnalysisRow[], key: string): AnalysisColumn {
  const raw = rows.map((r) => r.params[key]);
  const numeric = raw.every((v) => v === undefined || Number.isFinite(asNumber(v)));
  const values = new Float64Array(rows.length);
  let present = 0;
  if (numeric) {
    const seen = new Set<number>();
    raw.forEach((v, i) => {
      values[i] = v === undefined ? NaN : asNumber(v);
      if (v !== undefined) { present++; seen.add(values[i] ?? NaN); }
    });
    return { id: columnId('param', key), kind: 'param', key, type: 'numeric', values, categories: [], distinct: seen.size, present, logged: raw };
  }
  const categories = [...new Set(raw.filter((v): v is string => v !== undefined))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const index = new Map(categories.map((c, i) => [c, i]));
  raw.forEach((v, i) => {
    values[i] = v === undefined ? NaN : (index.get(v) ?? NaN);
    if (v !== undefined) present++;
  });
  return { id: columnId('param', key), kind: 'param', key, type: 'categorical', values, categories, distinct: categories.length, present };
}

function metricColumn(rows: readonly AnalysisRow[], key: string): AnalysisColumn {
  const values = new Float64Array(rows.length);
  const seen = new Set<number>();
  let present = 0;
  rows.forEach((r, i) => {
    const v = r.metrics[key];
    // NaN and ±∞ cannot be placed on an axis: shown as not logged.
    values[i] = v !== undefined && Number.isFinite(v) ? v : NaN;
    if (v !== undefined && Number.isFinite(v)) { present++; seen.add(v); }
  });
  return { id: columnId('metric', key), kind: 'metric', key, type: 'numeric', values, categories: [], distinct: seen.size, present };
}

/** Every param and metric key the rows have, as columns (params first, then metrics, each by name). */
export function buildColumns(rows: readonly AnalysisRow[]): AnalysisColumn[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r.params)) params.add(k);
    for (const k of Object.keys(r.metrics)) metrics.add(k);
  }
  const byName = (a: string, b: string) => a.localeCompare(b);
  return [...[...params].sort(byName).map((k) => paramColumn(rows, k)), ...[...metrics].sort(byName).map((k) => metricColumn(rows, k))].filter((c) => c.present > 0);
}

/** A param with a different value in every one of many runs (a seed, an index, a path) explains nothing on an axis. */
const isIdentifier = (c: AnalysisColumn) => c.present > 20 && c.distinct === c.present;

/** The axes shown before the user picks: params whose values differ between runs (not identifiers), then up to 3 metrics. */
export function defaultAxes(columns: readonly AnalysisColumn[], maxParams = 8, maxMetrics = 3): string[] {
  const params = columns.filter((c) => c.kind === 'param' && c.distinct > 1 && !isIdentifier(c)).slice(0, maxParams);
  const metrics = columns.filter((c) => c.kind === 'metric' && c.present > 0).slice(0, maxMetrics);
  return [...params, ...metrics].map((c) => c.id);
}

/** A column's value in row `i` as text (the category, or the number). */
export function cellText(column: AnalysisColumn, i: number, formatNumber: (v: number) => string): string {
  const v = column.values[i] ?? NaN;
  if (Number.isNaN(v)) return '—';
  const logged = column.logged?.[i];
  if (logged !== undefined) return logged;
  return column.type === 'categorical' ? (column.categories[v] ?? '') : formatNumber(v);
}

import type { RunColumnsWire } from '../../../lib/strata';

const sorted = (keys: readonly string[] | undefined) => [...(keys ?? [])].sort();

export const compareKeys = {
  all: ['compare'] as const,
  runs: (runIds: readonly string[]) => [...compareKeys.all, 'runs', ...runIds] as const,
  /** An experiment's runs for the analysis plots; column lists sorted, so reordering axes never refetches. */
  experimentRuns: (experimentId: string, filter: string, deleted: boolean, columns: RunColumnsWire) =>
    [...compareKeys.all, 'experiment-runs', experimentId, { filter, deleted, params: sorted(columns.params), metrics: sorted(columns.metrics) }] as const,
};

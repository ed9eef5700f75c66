// Query keys of the runs feature. Every input that changes a result is in its key; column lists
// are sorted, so reordering columns never refetches.
import type { RunColumnsWire } from '../../../lib/strata';

export const runKeys = {
  all: ['runs'] as const,
  searches: (experimentId: string) => [...runKeys.all, 'search', experimentId] as const,
  search: (experimentId: string, filter: string, orderBy: readonly string[], deleted: boolean, columns: RunColumnsWire) =>
    [
      ...runKeys.searches(experimentId),
      {
        filter,
        orderBy: [...orderBy],
        deleted,
        columns: { params: [...(columns.params ?? [])].sort(), metrics: [...(columns.metrics ?? [])].sort(), tags: [...(columns.tags ?? [])].sort() },
      },
    ] as const,
  experimentKeys: (experimentId: string) => [...runKeys.all, 'keys', experimentId] as const,
  savedViews: (experimentId: string) => [...runKeys.all, 'views', experimentId] as const,
};

// Query keys of the experiments feature, as hierarchies: invalidating `all` clears every list and detail.
import type { ViewType } from '../../../lib/strata';

export const experimentKeys = {
  all: ['experiments'] as const,
  lists: () => [...experimentKeys.all, 'list'] as const,
  list: (search: string, view: ViewType) => [...experimentKeys.lists(), { search, view }] as const,
  detail: (experimentId: string) => [...experimentKeys.all, 'detail', experimentId] as const,
  runStats: (experimentIds: readonly string[]) => [...experimentKeys.all, 'run-stats', [...experimentIds].sort()] as const,
};

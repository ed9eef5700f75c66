import { useQuery } from '@tanstack/react-query';
import { strata } from '../../../lib/strata';
import type { AvailableKey } from '../state/availableKeys';
import { runKeys } from './keys';

/**
 * Every param, metric and tag key of the experiment's active runs with how many runs have it
 * (GET /api/strata/v1/experiments/keys): one request, whatever the number of runs loaded.
 */
export function useExperimentKeys(experimentId: string, enabled: boolean) {
  return useQuery({
    queryKey: runKeys.experimentKeys(experimentId),
    queryFn: async (): Promise<{ keys: AvailableKey[]; truncated: boolean }> => {
      const answer = await strata.experiments.keys({ experiment_id: experimentId });
      const keys: AvailableKey[] = [];
      for (const kind of ['metrics', 'params', 'tags'] as const) {
        for (const entry of answer[kind]) keys.push({ kind, key: entry.key, count: entry.run_count });
      }
      return { keys, truncated: answer.truncated === true };
    },
    enabled,
    staleTime: 30_000,
  });
}

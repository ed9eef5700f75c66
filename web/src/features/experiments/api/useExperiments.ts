import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { strata, type Experiment, type ExperimentRunStatsWire, type ViewType } from '../../../lib/strata';
import { experimentKeys } from './keys';

/** The experiments filter for a name search: case-insensitive substring (`%` and `_` stay wildcards). */
export function nameFilter(search: string): string | undefined {
  const text = search.trim();
  if (text === '') return undefined;
  return `name ILIKE '%${text.replaceAll("'", "''")}%'`;
}

/** Up to MAX_LISTED experiments matching a name search, most recently created first. */
export const MAX_LISTED = 5000;

export function useExperimentList(search: string, view: ViewType) {
  return useQuery({
    queryKey: experimentKeys.list(search, view),
    queryFn: async (): Promise<{ experiments: Experiment[]; truncated: boolean }> => {
      const experiments: Experiment[] = [];
      const filter = nameFilter(search);
      let pageToken: string | undefined;
      do {
        const page = await strata.experiments.search({
          max_results: 1000,
          view_type: view,
          order_by: ['creation_time DESC'],
          ...(filter === undefined ? {} : { filter }),
          ...(pageToken === undefined ? {} : { page_token: pageToken }),
        });
        experiments.push(...(page.experiments ?? []));
        pageToken = page.next_page_token || undefined;
      } while (pageToken !== undefined && experiments.length < MAX_LISTED);
      return { experiments, truncated: pageToken !== undefined };
    },
    placeholderData: (previous) => previous,
  });
}

export function useExperiment(experimentId: string) {
  return useQuery({ queryKey: experimentKeys.detail(experimentId), queryFn: () => strata.experiments.get(experimentId) });
}

function useExperimentMutation<TArgs>(action: (args: TArgs) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSettled: () => queryClient.invalidateQueries({ queryKey: experimentKeys.all }),
  });
}

export const useCreateExperiment = () => useExperimentMutation((name: string) => strata.experiments.create(name));
export const useRenameExperiment = () =>
  useExperimentMutation(({ id, name }: { id: string; name: string }) => strata.experiments.rename(id, name));
export const useDeleteExperiment = () => useExperimentMutation((id: string) => strata.experiments.delete(id));
export const useRestoreExperiment = () => useExperimentMutation((id: string) => strata.experiments.restore(id));

/** experiments/run-stats takes this many ids per request. */
const RUN_STATS_CHUNK = 200;

/** Run counts and latest run activity of the listed experiments (Strata's /api/strata/v1). */
export function useExperimentRunStats(experimentIds: string[]) {
  return useQuery({
    queryKey: experimentKeys.runStats(experimentIds),
    queryFn: async (): Promise<Map<string, ExperimentRunStatsWire>> => {
      const stats = new Map<string, ExperimentRunStatsWire>();
      for (let i = 0; i < experimentIds.length; i += RUN_STATS_CHUNK) {
        const page = await strata.experiments.runStats(experimentIds.slice(i, i + RUN_STATS_CHUNK));
        for (const entry of page.experiments) stats.set(entry.experiment_id, entry);
      }
      return stats;
    },
    enabled: experimentIds.length > 0,
    placeholderData: (previous) => previous,
  });
}

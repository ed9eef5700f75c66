import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { strata, type SavedViewWire } from '../../../lib/strata';
import { runKeys } from './keys';

/** The experiment's saved views (GET /api/strata/v1/experiments/views), ordered by name. */
export function useSavedViews(experimentId: string, enabled: boolean) {
  return useQuery({ queryKey: runKeys.savedViews(experimentId), queryFn: () => strata.views.list(experimentId), enabled, staleTime: 10_000 });
}

export type SavedViewChange =
  | { kind: 'create'; name: string; state: string }
  | { kind: 'overwrite'; view: SavedViewWire; state: string }
  | { kind: 'delete'; view: SavedViewWire };

/** Saves, overwrites or deletes a view; the list is refetched after each. */
export function useSavedViewChange(experimentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: SavedViewChange): Promise<SavedViewWire | undefined> => {
      if (change.kind === 'create') return strata.views.create(experimentId, change.name, change.state);
      if (change.kind === 'overwrite') return strata.views.update({ view_id: change.view.view_id, state: change.state });
      await strata.views.delete(change.view.view_id);
      return undefined;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.savedViews(experimentId) }),
  });
}

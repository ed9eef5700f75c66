import { useQuery } from '@tanstack/react-query';
import { strata, type Run } from '../../../lib/strata';
import { compareKeys } from './keys';

/** The compared runs, in the order the URL lists them (runs may come from several experiments). */
export function useCompareRuns(runIds: readonly string[]) {
  return useQuery({
    queryKey: compareKeys.runs(runIds),
    queryFn: (): Promise<Run[]> => Promise.all(runIds.map((id) => strata.runs.get(id))),
    enabled: runIds.length > 0,
  });
}

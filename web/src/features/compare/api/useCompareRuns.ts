import { useQuery } from '@tanstack/react-query';
import { strata, type Run } from '../../../lib/strata';
import { LIVE_REFRESH_MS } from '../../charts/api/useEnvelope';
import { compareKeys } from './keys';

/** The compared runs, in the order the URL lists them (runs may come from several experiments). */
export function useCompareRuns(runIds: readonly string[]) {
  return useQuery({
    queryKey: compareKeys.runs(runIds),
    queryFn: (): Promise<Run[]> => Promise.all(runIds.map((id) => strata.runs.get(id))),
    enabled: runIds.length > 0,
    // While a run is RUNNING its status and latest metrics change: poll (not in a hidden tab) until all end.
    refetchInterval: (query) => (query.state.data?.some((r) => r.info.status === 'RUNNING') ? LIVE_REFRESH_MS : false),
    refetchIntervalInBackground: false,
  });
}

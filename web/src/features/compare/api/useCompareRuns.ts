import { useQuery } from '@tanstack/react-query';
import { strata, type Run } from '../../../lib/strata';
import { LIVE_REFRESH_MS } from '../../charts/api/useEnvelope';
import { compareKeys } from './keys';

/** The compared runs, in the order the URL lists them (runs may come from several experiments). */
export function useCompareRuns(runIds: readonly string[]) {
  return useQuery({
    queryKey: compareKeys.runs(runIds),
    queryFn: () => fetchCompareRuns(runIds),
    enabled: runIds.length > 0,
    // While a run is RUNNING its status and latest metrics change: poll (not in a hidden tab) until all end.
    refetchInterval: (query) => (query.state.data?.some((r) => r.info.status === 'RUNNING') ? LIVE_REFRESH_MS : false),
    refetchIntervalInBackground: false,
  });
}

/** Run ids that go into a search filter's IN list as they are (anything else is read on its own). */
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;

/**
 * The first run, then the others of its experiment in one runs/search (`run_id IN (…)`, deleted
 * runs included, as runs/get returns them), then any left (other experiments) one by one. The
 * charts wait for these runs (their metric keys), and 100 runs/get requests took a second or more
 * of the compare page's start.
 */
async function fetchCompareRuns(runIds: readonly string[]): Promise<Run[]> {
  const [firstId, ...restIds] = runIds;
  if (firstId === undefined) return [];
  const first = await strata.runs.get(firstId);
  const found = new Map<string, Run>([[first.info.run_id, first]]);
  const searchable = restIds.filter((id) => PLAIN_ID.test(id));
  if (searchable.length > 0) {
    const answer = await strata.runs.search({
      experiment_ids: [first.info.experiment_id],
      filter: `attributes.run_id IN (${searchable.map((id) => `'${id}'`).join(', ')})`,
      run_view_type: 'ALL',
      max_results: searchable.length,
    });
    for (const run of answer.runs ?? []) found.set(run.info.run_id, run);
  }
  const missing = restIds.filter((id) => !found.has(id));
  for (const run of await Promise.all(missing.map((id) => strata.runs.get(id)))) found.set(run.info.run_id, run);
  return runIds.map((id) => found.get(id) as Run);
}

import { useQuery } from '@tanstack/react-query';
import { quoteFilterString, strata } from '../../../lib/strata';
import { runPageKeys } from './keys';

export const PARENT_RUN_TAG = 'mlflow.parentRunId';

export function useRun(runId: string) {
  return useQuery({ queryKey: runPageKeys.detail(runId), queryFn: () => strata.runs.get(runId) });
}

/** Runs whose parent tag names this run (first 200). */
export function useChildRuns(experimentId: string, runId: string) {
  return useQuery({
    queryKey: runPageKeys.children(experimentId, runId),
    queryFn: async () =>
      (await strata.runs.search({ experiment_ids: [experimentId], filter: `tags.\`${PARENT_RUN_TAG}\` = ${quoteFilterString(runId)}`, max_results: 200 })).runs ?? [],
    enabled: experimentId !== '',
  });
}

export function useArtifactList(runId: string, path: string, enabled = true) {
  return useQuery({ queryKey: runPageKeys.artifacts(runId, path), queryFn: () => strata.artifacts.list(runId, path), enabled });
}

export function useModelVersionsOfRun(runId: string) {
  return useQuery({ queryKey: runPageKeys.modelVersions(runId), queryFn: () => strata.models.versionsOfRun(runId) });
}

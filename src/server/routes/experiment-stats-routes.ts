import type { ExperimentRunStatsResponse } from '../../api/strata-v1.js';
import type { ExperimentService } from '../../core/services/experiment-service.js';
import { readableExperimentIds } from '../auth/request-access.js';
import type { ApiHandler } from './api-handler.js';

/** `GET /api/strata/v1/experiments/run-stats`: run counts and latest run activity per experiment. */
export function experimentRunStatsRoute(experiments: ExperimentService): ApiHandler {
  return async ({ fields, access }) => {
    const stats = await experiments.runStats(await readableExperimentIds(access, fields.stringList('experiment_ids')));
    const body: ExperimentRunStatsResponse = {
      experiments: stats.map((s) => ({ experiment_id: s.experimentId, run_count: s.runCount, last_run_time: s.lastRunTime })),
    };
    return body;
  };
}

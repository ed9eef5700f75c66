import type { Command } from 'commander';
import type { Run, SearchRunsRequest, ViewType } from '../../../api/mlflow-tracking.js';
import { SEARCH_MAX_RESULTS_DEFAULT } from '../../../api/limits.js';
import type { StrataClient } from '../../../client/strata-client.js';
import type { CliContext } from '../../cli-context.js';
import { listAllExperiments } from '../experiments/list.js';
import { formatTable } from '../../format-table.js';
import { formatDuration, formatNumber, formatTime, summarise } from '../../format-values.js';
import { collect, parsePositiveInt, viewOption } from '../../parse-options.js';
import { resolveExperimentId } from '../../resolve-experiment.js';

interface Options {
  experiment?: string;
  filter?: string;
  orderBy?: string[];
  max: number;
  view: ViewType;
  json?: boolean;
}

export function registerRunsList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('search runs (all active experiments unless --experiment is given)')
    .option('--experiment <name-or-id>', 'only runs of this experiment')
    .option('--filter <expr>', `MLflow search filter, e.g. "metrics.loss < 0.1 and params.lr = '0.01'"`)
    .option('--order-by <term>', 'e.g. "metrics.loss ASC"; repeat for more keys', collect)
    .option('--max <n>', 'at most this many runs', (v) => parsePositiveInt(v, '--max'), 100)
    .addOption(viewOption())
    .option('--json', 'print the wire objects as JSON')
    .action(async (options: Options, command: Command) => {
      const client = ctx.client(command);
      const experimentIds = options.experiment !== undefined
        ? [await resolveExperimentId(client, options.experiment)]
        : (await listAllExperiments(client, 'ACTIVE_ONLY')).map((e) => e.experiment_id);
      const runs = await searchRuns(client, experimentIds, options);
      if (options.json) return ctx.printJson(runs);
      ctx.print(formatTable(['RUN ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED', 'DURATION', 'METRICS', 'PARAMS'], runs.map(runRow)));
    });
}

/** Pages through runs/search until `max` runs or the last page. */
async function searchRuns(client: StrataClient, experimentIds: string[], options: Options): Promise<Run[]> {
  const runs: Run[] = [];
  let page_token: string | undefined;
  do {
    const request: SearchRunsRequest = {
      experiment_ids: experimentIds,
      run_view_type: options.view,
      max_results: Math.min(options.max - runs.length, SEARCH_MAX_RESULTS_DEFAULT),
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...(options.orderBy !== undefined ? { order_by: options.orderBy } : {}),
      ...(page_token !== undefined ? { page_token } : {}),
    };
    const page = await client.searchRuns(request);
    runs.push(...(page.runs ?? []));
    page_token = page.next_page_token || undefined;
  } while (page_token !== undefined && runs.length < options.max);
  return runs.slice(0, options.max);
}

function runRow(run: Run): string[] {
  const { info, data } = run;
  const metrics = (data.metrics ?? []).map((m) => ({ key: m.key, value: formatNumber(m.value) }));
  return [
    info.run_id,
    info.run_name || '-',
    info.experiment_id,
    info.status,
    formatTime(info.start_time),
    formatDuration(info.start_time, info.end_time),
    summarise(metrics),
    summarise(data.params ?? []),
  ];
}

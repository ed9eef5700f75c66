import type { Command } from 'commander';
import type { Experiment, ViewType } from '../../../api/mlflow-tracking.js';
import type { StrataClient } from '../../../client/strata-client.js';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { formatTime } from '../../format-values.js';
import { viewOption } from '../../parse-options.js';

interface Options {
  view: ViewType;
  json?: boolean;
}

export function registerExperimentsList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('list experiments')
    .addOption(viewOption())
    .option('--json', 'print the wire objects as JSON')
    .action(async (options: Options, command: Command) => {
      const experiments = await listAllExperiments(ctx.client(command), options.view);
      if (options.json) return ctx.printJson(experiments);
      ctx.print(formatTable(
        ['ID', 'NAME', 'STAGE', 'CREATED', 'ARTIFACT LOCATION'],
        experiments.map((e) => [e.experiment_id, e.name, e.lifecycle_stage, formatTime(e.creation_time), e.artifact_location]),
      ));
    });
}

/** Every experiment in the view, following page tokens. */
export async function listAllExperiments(client: StrataClient, view: ViewType): Promise<Experiment[]> {
  const all: Experiment[] = [];
  let page_token: string | undefined;
  do {
    const page = await client.searchExperiments({ view_type: view, max_results: 1000, ...(page_token ? { page_token } : {}) });
    all.push(...(page.experiments ?? []));
    page_token = page.next_page_token || undefined;
  } while (page_token !== undefined);
  return all;
}

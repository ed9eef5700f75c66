import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { deploymentsClient } from './deployments-client.js';
import { formatDeploymentHistory } from './format-deployments.js';
import { parseTimeOrAgo } from './time-option.js';

interface HistoryOptions {
  since?: string;
  until?: string;
  maxResults?: number;
  json?: boolean;
}

/** `strata deployments history NAME`: every start, switch, refused switch and stop of a deployment name, newest first. */
export function registerDeploymentsHistory(parent: Command, ctx: CliContext): void {
  parent
    .command('history')
    .description('what a deployment did, newest first: starts, switches (and refused ones), stops')
    .argument('<name>', 'the deployment name')
    .option('--since <time>', 'from this time: ms, ISO 8601 or a duration back (2h)', parseTimeOrAgo)
    .option('--until <time>', 'up to this time: ms, ISO 8601 or a duration back', parseTimeOrAgo)
    .option('--max-results <n>', 'at most this many events (default 1000)', (v) => Number(v))
    .option('--json', 'print the events as JSON')
    .action(async (name: string, options: HistoryOptions, command: Command) => {
      const events = await deploymentsClient(ctx, command).history({
        name,
        ...(options.since ? { since: options.since } : {}),
        ...(options.until ? { until: options.until } : {}),
        ...(options.maxResults ? { maxResults: options.maxResults } : {}),
      });
      if (options.json) return ctx.printJson(events);
      ctx.print(formatDeploymentHistory(events));
    });
}

import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../cli-context.js';
import { deploymentsClient } from './deployments-client.js';
import { formatServedAt } from './format-deployments.js';
import { parseTimeOrAgo } from './time-option.js';

interface ServedAtOptions {
  model?: string;
  alias?: string;
  name?: string;
  time: string;
  json?: boolean;
}

/** `strata deployments served-at --model M --alias A --time T` (or `--name N`): which version served then, from the records. */
export function registerDeploymentsServedAt(parent: Command, ctx: CliContext): void {
  parent
    .command('served-at')
    .description('which version served an alias (or a deployment name) at a time, and on which instances')
    .option('--model <name>', 'the registered model (with --alias)')
    .option('--alias <alias>', 'the alias its servers follow, e.g. production')
    .option('--name <name>', 'a deployment name instead of --model/--alias')
    .requiredOption('--time <time>', 'ms, ISO 8601 (2024-05-01T12:00:00Z) or a duration back (2h)', parseTimeOrAgo)
    .option('--json', 'print the answer as JSON')
    .action(async (options: ServedAtOptions, command: Command) => {
      if ((options.name === undefined) === (options.model === undefined)) throw new UsageError('give --model NAME --alias ALIAS, or --name DEPLOYMENT');
      if (options.model !== undefined && options.alias === undefined) throw new UsageError('--model needs --alias (what served production is asked of an alias)');
      const answer = await deploymentsClient(ctx, command).servedAt({
        time: options.time,
        ...(options.model === undefined ? {} : { modelName: options.model, alias: options.alias as string }),
        ...(options.name === undefined ? {} : { name: options.name }),
      });
      if (options.json) return ctx.printJson(answer);
      ctx.print(formatServedAt(answer, options.name ?? `${options.model}@${options.alias}`));
    });
}

import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../cli-context.js';
import { formatTime } from '../../format-values.js';
import { parseTimeFlag } from '../../parse-time.js';
import { formatHistory } from './format-registry.js';
import { registryClient } from './registry-client.js';

interface Options {
  alias?: string;
  at?: number;
  json?: boolean;
}

export function registerModelsHistory(parent: Command, ctx: CliContext): void {
  parent
    .command('history')
    .description("a model's alias and stage history; with --alias X --at TIME, which version held X then")
    .argument('<name>', 'registered model name')
    .option('--alias <alias>', 'only this alias')
    .option('--at <time>', 'ms since the epoch or ISO 8601 (e.g. 2024-05-01T12:00:00Z; UTC without a zone); needs --alias', parseTimeFlag)
    .option('--json', 'print the wire object as JSON')
    .action(async (name: string, options: Options, command: Command) => {
      const client = registryClient(ctx, command);
      if (options.at !== undefined) {
        if (!options.alias) throw new UsageError('--at needs --alias');
        const found = await client.aliasAt(name, options.alias, options.at);
        if (options.json) return ctx.printJson(found);
        const when = formatTime(found.at);
        return ctx.print(found.version
          ? `${name}@${options.alias} was version ${found.version} at ${when} (since ${formatTime(found.event?.time)}, set by ${found.event?.actor})`
          : `${name}@${options.alias} pointed to no version at ${when}`);
      }
      const { events } = await client.aliasHistory(name, options.alias);
      if (options.json) return ctx.printJson(events);
      ctx.print(formatHistory(events));
    });
}

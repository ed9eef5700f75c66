import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatModelTable } from './format-registry.js';
import { registryClient } from './registry-client.js';

interface Options {
  filter?: string;
  json?: boolean;
}

export function registerModelsList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('list registered models')
    .option('--filter <filter>', "search filter, e.g. \"name LIKE 'fraud%'\" or \"tags.team = 'risk'\"")
    .option('--json', 'print the wire objects as JSON')
    .action(async (options: Options, command: Command) => {
      const models = await registryClient(ctx, command).listRegisteredModels(options.filter);
      if (options.json) return ctx.printJson(models);
      ctx.print(models.length > 0 ? formatModelTable(models) : 'no registered models');
    });
}

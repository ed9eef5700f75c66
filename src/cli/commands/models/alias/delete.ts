import type { Command } from 'commander';
import type { CliContext } from '../../../cli-context.js';
import { registryClient } from '../registry-client.js';

export function registerModelsAliasDelete(parent: Command, ctx: CliContext): void {
  parent
    .command('delete')
    .description('delete an alias (recorded in the history)')
    .argument('<name>', 'registered model name')
    .argument('<alias>', 'alias')
    .option('--json', 'print {} as JSON')
    .action(async (name: string, alias: string, options: { json?: boolean }, command: Command) => {
      await registryClient(ctx, command).deleteRegisteredModelAlias({ name, alias });
      if (options.json) return ctx.printJson({});
      ctx.print(`deleted alias ${name}@${alias}`);
    });
}

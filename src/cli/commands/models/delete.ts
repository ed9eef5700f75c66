import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../cli-context.js';
import { registryClient } from './registry-client.js';

export function registerModelsDelete(parent: Command, ctx: CliContext): void {
  parent
    .command('delete')
    .description('delete a registered model with all its versions, aliases and history (cannot be undone)')
    .argument('<name>', 'registered model name')
    .option('--yes', 'confirm: this deletes every version, alias and the alias history')
    .action(async (name: string, options: { yes?: boolean }, command: Command) => {
      if (!options.yes) {
        throw new UsageError(`deleting "${name}" removes all its versions, aliases and history; run again with --yes to confirm`);
      }
      await registryClient(ctx, command).deleteRegisteredModel({ name });
      ctx.print(`deleted registered model "${name}"`);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';

export function registerExperimentsRename(parent: Command, ctx: CliContext): void {
  parent
    .command('rename')
    .description('rename an experiment')
    .argument('<id>', 'experiment id')
    .argument('<new-name>', 'the new name')
    .action(async (id: string, newName: string, _options: object, command: Command) => {
      await ctx.client(command).updateExperiment({ experiment_id: id, new_name: newName });
      ctx.print(`renamed experiment ${id} to "${newName}"`);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';

export function registerExperimentsRestore(parent: Command, ctx: CliContext): void {
  parent
    .command('restore')
    .description('restore a deleted experiment')
    .argument('<id>', 'experiment id')
    .action(async (id: string, _options: object, command: Command) => {
      await ctx.client(command).restoreExperiment({ experiment_id: id });
      ctx.print(`restored experiment ${id}`);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';

export function registerExperimentsDelete(parent: Command, ctx: CliContext): void {
  parent
    .command('delete')
    .description('delete an experiment (it can be restored)')
    .argument('<id>', 'experiment id')
    .action(async (id: string, _options: object, command: Command) => {
      await ctx.client(command).deleteExperiment({ experiment_id: id });
      ctx.print(`deleted experiment ${id} (restore with: strata experiments restore ${id})`);
    });
}

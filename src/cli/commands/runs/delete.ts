import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';

export function registerRunsDelete(parent: Command, ctx: CliContext): void {
  parent
    .command('delete')
    .description('delete a run (it can be restored)')
    .argument('<run-id>', 'run id')
    .action(async (runId: string, _options: object, command: Command) => {
      await ctx.client(command).deleteRun({ run_id: runId });
      ctx.print(`deleted run ${runId} (restore with: strata runs restore ${runId})`);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';

export function registerRunsRestore(parent: Command, ctx: CliContext): void {
  parent
    .command('restore')
    .description('restore a deleted run')
    .argument('<run-id>', 'run id')
    .action(async (runId: string, _options: object, command: Command) => {
      await ctx.client(command).restoreRun({ run_id: runId });
      ctx.print(`restored run ${runId}`);
    });
}

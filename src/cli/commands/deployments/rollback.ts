import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { deploymentsClient } from './deployments-client.js';
import { formatRollback } from './format-deployments.js';

/** `strata deployments rollback NAME`: the alias back to the version served before, through the model's policy. */
export function registerDeploymentsRollback(parent: Command, ctx: CliContext): void {
  parent
    .command('rollback')
    .description('move the alias a deployment follows back to the version it served before (a protected alias opens a promotion request)')
    .argument('<name>', 'the deployment name')
    .option('--reason <text>', 'why: the alias history (and approvers) keep it')
    .option('--json', 'print the server\'s answer as JSON')
    .action(async (name: string, options: { reason?: string; json?: boolean }, command: Command) => {
      const result = await deploymentsClient(ctx, command).rollback({ name, ...(options.reason === undefined ? {} : { reason: options.reason }) });
      if (options.json) return ctx.printJson(result);
      ctx.print(formatRollback(result));
    });
}

import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { reportFailures } from './data-output.js';
import { addTransferOptions, printTransfer, transferOptions, type TransferFlags } from './transfer-flags.js';

export function registerDataPull(parent: Command, ctx: CliContext): void {
  addTransferOptions(parent.command('pull').description('fetch missing objects, then check them out'))
    .option('-f, --force', 'overwrite local changes that are not in the cache')
    .action(async (paths: string[], flags: TransferFlags & { force?: boolean }) => {
      const { dataPull } = await loadDataEngine();
      const { request, options } = transferOptions(paths, flags, ctx.env);
      const result = await dataPull({ ...request, force: flags.force === true }, options);
      reportFailures(ctx, result.checkout.outcomes, 'tracked paths');
      printTransfer(ctx, 'pulled', result, flags);
    });
}

import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { addTransferOptions, printTransfer, transferOptions, type TransferFlags } from './transfer-flags.js';

export function registerDataFetch(parent: Command, ctx: CliContext): void {
  addTransferOptions(parent.command('fetch').description('download missing objects into the cache (no checkout)'))
    .action(async (paths: string[], flags: TransferFlags) => {
      const { dataFetch } = await loadDataEngine();
      const { request, options } = transferOptions(paths, flags, ctx);
      printTransfer(ctx, 'fetched', await dataFetch(request, options), flags);
    });
}

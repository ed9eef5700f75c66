import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { addTransferOptions, printTransfer, transferOptions, type TransferFlags } from './transfer-flags.js';

export function registerDataPush(parent: Command, ctx: CliContext): void {
  addTransferOptions(parent.command('push').description('send the objects the remote lacks'))
    .action(async (paths: string[], flags: TransferFlags) => {
      const { dataPush } = await loadDataEngine();
      const { request, options } = transferOptions(paths, flags, ctx.env);
      printTransfer(ctx, 'pushed', await dataPush(request, options), flags);
    });
}

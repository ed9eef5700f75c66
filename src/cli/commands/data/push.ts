import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import { addTransferOptions, printTransfer, transferOptions, type TransferFlags } from './transfer-flags.js';

export function registerDataPush(parent: Command, ctx: CliContext): void {
  addTransferOptions(parent.command('push').description('send the objects the remote lacks'))
    .option('-a, --all-commits', 'also send what every commit on every branch and tag needs')
    .action(async (paths: string[], flags: TransferFlags & { allCommits?: boolean }) => {
      if (flags.allCommits && paths.length > 0) throw new UsageError('--all-commits pushes every tracked path of every commit; give no paths');
      const { dataPush } = await loadDataEngine();
      const { request, options } = transferOptions(paths, flags, ctx);
      const result = await dataPush({ ...request, allCommits: flags.allCommits === true }, options);
      if (!flags.json) for (const w of result.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
      printTransfer(ctx, 'pushed', result, flags);
    });
}

import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { printDataJson, reportFailures } from './data-output.js';
import { addTransferOptions, transferOptions, type TransferFlags } from './transfer-flags.js';

export function registerDataPull(parent: Command, ctx: CliContext): void {
  addTransferOptions(parent.command('pull').description('fetch missing objects, then check them out'))
    .option('-f, --force', 'overwrite local changes that are not in the cache')
    .action(async (paths: string[], flags: TransferFlags & { force?: boolean }) => {
      const { dataPull } = await loadDataEngine();
      const { request, options } = transferOptions(paths, flags, ctx);
      const result = await dataPull({ ...request, force: flags.force === true }, options);
      if (flags.json) printDataJson(ctx, result);
      else ctx.print(`pulled ${result.transferred} object(s) (${result.skipped} already there) with remote ${result.remote}`);
      // What could not be checked out (e.g. never pushed) explains itself; then any other transfer failures.
      const transferFailures = result.failures.map((f) => ({ ok: false, ...f }));
      reportFailures(ctx, [...result.checkout.outcomes, ...transferFailures], 'tracked paths and objects');
    });
}

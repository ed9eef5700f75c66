import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from '../data-engine.js';
import type { CliContext } from '../../../cli-context.js';

export function registerDataRemoteRemove(parent: Command, ctx: CliContext): void {
  parent
    .command('remove')
    .description('remove a remote from .strata/config (its objects are left alone)')
    .argument('<name>', 'remote name')
    .action(async (name: string) => {
      const { removeRemote } = await loadDataEngine();
      removeRemote(name, engineOptions(ctx));
      ctx.print(`removed remote ${name}`);
    });
}

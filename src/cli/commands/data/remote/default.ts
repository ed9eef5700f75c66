import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from '../data-engine.js';
import type { CliContext } from '../../../cli-context.js';

export function registerDataRemoteDefault(parent: Command, ctx: CliContext): void {
  parent
    .command('default')
    .description('make a remote the default for push, pull and fetch')
    .argument('<name>', 'remote name')
    .action(async (name: string) => {
      const { setDefaultRemote } = await loadDataEngine();
      setDefaultRemote(name, engineOptions(ctx));
      ctx.print(`default remote: ${name}`);
    });
}

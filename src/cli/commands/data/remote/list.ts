import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from '../data-engine.js';
import type { CliContext } from '../../../cli-context.js';
import { printDataJson } from '../data-output.js';
import { formatTable } from '../../../format-table.js';

export function registerDataRemoteList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('list remotes')
    .option('--json', 'print the remotes as JSON')
    .action(async (options: { json?: boolean }) => {
      const { listRemotes } = await loadDataEngine();
      const remotes = listRemotes(engineOptions(ctx));
      if (options.json) return printDataJson(ctx, remotes);
      ctx.print(formatTable(['NAME', 'URL', 'DEFAULT'], remotes.map((r) => [r.name, r.url, r.isDefault ? 'yes' : ''])));
    });
}

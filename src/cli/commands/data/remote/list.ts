import type { Command } from 'commander';
import { listRemotes } from '../../../../data/index.js';
import type { CliContext } from '../../../cli-context.js';
import { formatTable } from '../../../format-table.js';

export function registerDataRemoteList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('list remotes')
    .option('--json', 'print the remotes as JSON')
    .action((options: { json?: boolean }) => {
      const remotes = listRemotes();
      if (options.json) return ctx.printJson(remotes);
      ctx.print(formatTable(['NAME', 'URL', 'DEFAULT'], remotes.map((r) => [r.name, r.url, r.isDefault ? 'yes' : ''])));
    });
}

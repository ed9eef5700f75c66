import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { formatBytes, printDataJson } from './data-output.js';

export function registerDataLs(parent: Command, ctx: CliContext): void {
  parent
    .command('ls')
    .description('list the files of a tracked path')
    .argument('<path>', 'tracked path or its .strata file')
    .option('--rev <rev>', 'git revision (default: the work tree\'s pointer)')
    .option('--json', 'print the result as JSON')
    .action(async (path: string, options: { rev?: string; json?: boolean }) => {
      const { dataLs } = await loadDataEngine();
      const result = await dataLs({ path, ...(options.rev ? { rev: options.rev } : {}) }, engineOptions(ctx));
      if (options.json) return printDataJson(ctx, result);
      ctx.print(formatTable(['PATH', 'SIZE', 'HASH'], result.entries.map((e) => [e.path || result.path, formatBytes(e.size), e.hash.slice(0, 12)])));
    });
}

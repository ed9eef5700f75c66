import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { UsageError } from '../../cli-context.js';
import { formatBytes, printDataJson } from './data-output.js';

interface Options {
  workspace?: boolean;
  allCommits?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerDataGc(parent: Command, ctx: CliContext): void {
  parent
    .command('gc')
    .description('remove cache objects that no pointer refers to')
    .option('-w, --workspace', 'keep only what the work tree\'s pointers need (default)')
    .option('-a, --all-commits', 'also keep what any commit\'s pointers need')
    .option('-n, --dry-run', 'list what would be removed')
    .option('--json', 'print the result as JSON')
    .action(async (options: Options) => {
      const { dataGc } = await loadDataEngine();
      if (options.workspace && options.allCommits) throw new UsageError('choose --workspace or --all-commits, not both');
      const result = await dataGc({ scope: options.allCommits ? 'all-commits' : 'workspace', dryRun: options.dryRun === true });
      if (options.json) return printDataJson(ctx, result);
      for (const w of result.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
      const verb = result.isDryRun ? 'would remove' : 'removed';
      ctx.print(`${verb} ${result.removed.length} object(s), ${formatBytes(result.removedBytes)}; kept ${result.kept}`);
    });
}

import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { UsageError } from '../../cli-context.js';
import { formatBytes, printDataJson } from './data-output.js';

interface Options {
  workspaceOnly?: boolean;
  allCommits?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerDataGc(parent: Command, ctx: CliContext): void {
  parent
    .command('gc')
    .description('remove cache objects that neither the work tree nor any commit of any branch or tag refers to')
    .option('-a, --all-commits', 'keep what the work tree and every commit on every branch and tag need (the default)')
    .option('--workspace-only', "keep only what the work tree's pointers need: older versions' data goes")
    .option('-n, --dry-run', 'list what would be removed')
    .option('--json', 'print the result as JSON')
    .action(async (options: Options) => {
      if (options.workspaceOnly && options.allCommits) throw new UsageError('choose --workspace-only or --all-commits, not both');
      const { dataGc } = await loadDataEngine();
      const result = await dataGc({ scope: options.workspaceOnly ? 'workspace-only' : 'all-commits', dryRun: options.dryRun === true }, engineOptions(ctx));
      if (options.json) return printDataJson(ctx, result);
      for (const w of result.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
      const verb = result.isDryRun ? 'would remove' : 'removed';
      ctx.print(`${verb} ${result.removed.length} object(s), ${formatBytes(result.removedBytes)}; kept ${result.kept}`);
    });
}

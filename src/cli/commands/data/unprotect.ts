import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { printDataJson, reportFailures } from './data-output.js';

export function registerDataUnprotect(parent: Command, ctx: CliContext): void {
  parent
    .command('unprotect')
    .description('replace hardlinks to the cache by private writable copies, so files can be edited in place')
    .argument('<paths...>', 'tracked paths, or files and folders inside a tracked folder')
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const { unprotectPaths } = await loadDataEngine();
      const { outcomes } = await unprotectPaths(paths, engineOptions(ctx));
      if (options.json) printDataJson(ctx, outcomes);
      else {
        for (const o of outcomes) {
          if (o.ok) ctx.print(`unprotected ${o.path}: ${o.copied} link(s) replaced by copies, ${o.madeWritable} made writable`);
        }
      }
      reportFailures(ctx, outcomes, 'paths');
    });
}

import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { formatBytes, printDataJson, reportFailures } from './data-output.js';

export function registerDataDiff(parent: Command, ctx: CliContext): void {
  parent
    .command('diff')
    .description('files added, deleted and modified between two revisions (default: HEAD and the workspace)')
    .argument('[args...]', '[REV_A] [REV_B] [PATH...]')
    .option('--json', 'print the result as JSON')
    .action(async (args: string[], options: { json?: boolean }) => {
      const { dataDiff, splitDiffArgs } = await loadDataEngine();
      const engine = engineOptions(ctx);
      const result = await dataDiff(splitDiffArgs(args, engine), engine);
      if (options.json) printDataJson(ctx, result);
      else {
        for (const c of result.changes) {
          const sizes = c.change === 'added' ? formatBytes(c.newSize ?? 0) : c.change === 'deleted' ? formatBytes(c.oldSize ?? 0) : `${formatBytes(c.oldSize ?? 0)} -> ${formatBytes(c.newSize ?? 0)}`;
          ctx.print(`${c.change.padEnd(9)} ${c.path} (${sizes})`);
        }
        if (result.changes.length === 0) ctx.print(`no changes between ${result.from} and ${result.to}`);
      }
      reportFailures(ctx, result.errors.map((e) => ({ ok: false, ...e })), 'tracked paths');
    });
}

import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { printDataJson, reportFailures } from './data-output.js';

export function registerDataStatus(parent: Command, ctx: CliContext): void {
  parent
    .command('status')
    .description('show what differs from the pointer files (all of them by default)')
    .argument('[paths...]', 'tracked paths or their .strata files')
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const { dataStatus } = await loadDataEngine();
      const result = await dataStatus(paths);
      if (options.json) printDataJson(ctx, result);
      else {
        for (const o of result.outcomes) {
          if (!o.ok || o.state === 'unchanged') continue;
          ctx.print(`${o.path}: ${o.state}`);
          for (const c of o.changes) ctx.print(`  ${c.change.padEnd(9)} ${c.path}`);
        }
        if (result.isClean) ctx.print('data and pointer files are in sync');
      }
      reportFailures(ctx, result.outcomes, 'tracked paths');
    });
}

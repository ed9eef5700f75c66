import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { printDataJson, reportDamage } from './data-output.js';

export function registerDataStatus(parent: Command, ctx: CliContext): void {
  parent
    .command('status')
    .description('show what differs from the pointer files (all of them by default)')
    .argument('[paths...]', 'tracked paths or their .strata files')
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const { dataStatus } = await loadDataEngine();
      const result = await dataStatus(paths, engineOptions(ctx));
      if (options.json) printDataJson(ctx, result);
      else {
        for (const o of result.outcomes) {
          if (!o.ok || o.state === 'unchanged') continue;
          ctx.print(`${o.path}: ${o.state}`);
          for (const c of o.changes) ctx.print(`  ${c.change.padEnd(9)} ${c.path}`);
          for (const d of o.damaged) ctx.print(`  ${'damaged'.padEnd(9)} cache object ${d.key.slice(0, 12)}, the committed content of ${d.paths.join(', ')}`);
        }
        if (result.isClean) ctx.print('data and pointer files are in sync');
      }
      reportDamage(ctx, result.outcomes, 'tracked paths');
    });
}

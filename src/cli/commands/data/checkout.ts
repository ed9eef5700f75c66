import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { printDataJson, reportFailures } from './data-output.js';

export function registerDataCheckout(parent: Command, ctx: CliContext): void {
  parent
    .command('checkout')
    .description('make the workspace match the pointer files')
    .argument('[paths...]', 'tracked paths (default: all)')
    .option('-f, --force', 'overwrite or delete local changes that are not in the cache')
    .option('--json', 'print the results as JSON')
    .action(async (paths: string[], options: { force?: boolean; json?: boolean }) => {
      const { dataCheckout } = await loadDataEngine();
      const { outcomes } = await dataCheckout({ paths, force: options.force === true }, engineOptions(ctx));
      if (options.json) printDataJson(ctx, outcomes);
      else for (const o of outcomes) if (o.ok) ctx.print(`${o.path}: ${o.placed} placed, ${o.removed} removed, ${o.unchanged} unchanged`);
      reportFailures(ctx, outcomes, 'tracked paths');
    });
}

import type { Command } from 'commander';
import { engineOptions, loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { printDataJson, reportFailures } from './data-output.js';

export function registerDataVerify(parent: Command, ctx: CliContext): void {
  parent
    .command('verify')
    .description('re-hash every cache object and report corrupted ones')
    .option('--remove', 'delete corrupted objects so the next pull replaces them')
    .option('--json', 'print the result as JSON')
    .action(async (options: { remove?: boolean; json?: boolean }) => {
      const { dataVerify } = await loadDataEngine();
      const result = await dataVerify({ remove: options.remove === true }, engineOptions(ctx));
      if (options.json) printDataJson(ctx, result);
      else ctx.print(`checked ${result.checked} object(s): ${result.problems.length} problem(s)${result.removed.length ? `, ${result.removed.length} removed` : ''}`);
      reportFailures(ctx, result.problems.map((p) => ({ ok: false, ...p })), 'objects');
    });
}

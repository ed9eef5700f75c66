import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatFields } from '../../format-table.js';
import { registryClient } from './registry-client.js';

export function registerModelsResolve(parent: Command, ctx: CliContext): void {
  parent
    .command('resolve')
    .description('resolve models:/name/3, models:/name@alias, models:/name/Production or models:/name/latest')
    .argument('<uri>', 'model URI')
    .option('--json', 'print the wire object as JSON')
    .action(async (uri: string, options: { json?: boolean }, command: Command) => {
      const resolved = await registryClient(ctx, command).resolveModelUri(uri);
      if (options.json) return ctx.printJson(resolved);
      ctx.print(formatFields([
        ['name', resolved.name],
        ['version', resolved.version],
        ['stage', resolved.current_stage],
        ['run', resolved.run_id ?? '-'],
        ['source', resolved.source],
        ['storage', resolved.storage_location],
      ]));
    });
}

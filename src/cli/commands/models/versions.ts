import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatVersionTable } from './format-registry.js';
import { registryClient } from './registry-client.js';

export function registerModelsVersions(parent: Command, ctx: CliContext): void {
  parent
    .command('versions')
    .description("list a registered model's versions, newest first")
    .argument('<name>', 'registered model name')
    .option('--json', 'print the wire objects as JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const client = registryClient(ctx, command);
      await client.getRegisteredModel({ name }); // a missing model is an error, not an empty list
      const versions = await client.listModelVersions(name);
      if (options.json) return ctx.printJson(versions);
      ctx.print(versions.length > 0 ? formatVersionTable(versions) : `no versions of "${name}"`);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../../../cli-context.js';
import { registryClient } from '../registry-client.js';

export function registerModelsAliasSet(parent: Command, ctx: CliContext): void {
  parent
    .command('set')
    .description('point an alias at a version (moving it if it is set)')
    .argument('<name>', 'registered model name')
    .argument('<alias>', 'alias, e.g. champion')
    .argument('<version>', 'version number')
    .option('--json', 'print the resulting version as JSON')
    .action(async (name: string, alias: string, version: string, options: { json?: boolean }, command: Command) => {
      const client = registryClient(ctx, command);
      await client.setRegisteredModelAlias({ name, alias, version });
      if (options.json) return ctx.printJson((await client.getModelVersionByAlias({ name, alias })).model_version);
      ctx.print(`${name}@${alias} -> version ${version}`);
    });
}

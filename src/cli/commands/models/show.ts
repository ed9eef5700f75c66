import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatModel } from './format-registry.js';
import { registryClient } from './registry-client.js';

export function registerModelsShow(parent: Command, ctx: CliContext): void {
  parent
    .command('show')
    .description('show a registered model with its aliases, tags and versions')
    .argument('<name>', 'registered model name')
    .option('--json', 'print the wire objects as JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const client = registryClient(ctx, command);
      const { registered_model: model } = await client.getRegisteredModel({ name });
      const versions = await client.listModelVersions(name);
      if (options.json) return ctx.printJson({ registered_model: model, model_versions: versions });
      ctx.print(formatModel(model, versions));
    });
}

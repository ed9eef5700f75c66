import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registryClient } from './registry-client.js';

export function registerModelsCreate(parent: Command, ctx: CliContext): void {
  parent
    .command('create')
    .description('create a registered model')
    .argument('<name>', 'registered model name')
    .option('--description <text>', 'description')
    .option('--json', 'print the wire object as JSON')
    .action(async (name: string, options: { description?: string; json?: boolean }, command: Command) => {
      const { registered_model: model } = await registryClient(ctx, command).createRegisteredModel({
        name,
        ...(options.description ? { description: options.description } : {}),
      });
      if (options.json) return ctx.printJson(model);
      ctx.print(`created registered model "${model.name}"`);
    });
}

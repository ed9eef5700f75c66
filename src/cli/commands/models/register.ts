import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../cli-context.js';
import { registryClient } from './registry-client.js';

interface Options {
  name?: string;
  description?: string;
  json?: boolean;
}

export function registerModelsRegister(parent: Command, ctx: CliContext): void {
  parent
    .command('register')
    .description("register a run's artifact directory as a new model version (creates the model if needed)")
    .argument('<run-id>', 'run id')
    .argument('<path>', 'artifact path inside the run, e.g. model')
    .requiredOption('--name <name>', 'registered model name')
    .option('--description <text>', 'version description')
    .option('--json', 'print the wire object as JSON')
    .action(async (runId: string, path: string, options: Options, command: Command) => {
      if (!options.name) throw new UsageError('--name must not be empty');
      const version = await registryClient(ctx, command).registerModel(runId, path, options.name, {
        ...(options.description ? { description: options.description } : {}),
      });
      if (options.json) return ctx.printJson(version);
      ctx.print(`registered ${version.source} as ${version.name} version ${version.version}`);
    });
}

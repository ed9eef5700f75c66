import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../cli-context.js';
import { registryClient } from './registry-client.js';
import { requireRunArtifact } from './require-run-artifact.js';

interface Options {
  name?: string;
  description?: string;
  allowMissing?: boolean;
  json?: boolean;
}

export function registerModelsRegister(parent: Command, ctx: CliContext): void {
  parent
    .command('register')
    .description("register a run's artifact file or directory as a new model version (creates the model if needed)")
    .argument('<run-id>', 'run id')
    .argument('<path>', 'artifact path inside the run, e.g. model')
    .requiredOption('--name <name>', 'registered model name')
    .option('--description <text>', 'version description')
    .option('--allow-missing', "register even if PATH is not (yet) in the run's artifacts")
    .option('--json', 'print the wire object as JSON')
    .action(async (runId: string, path: string, options: Options, command: Command) => {
      if (!options.name) throw new UsageError('--name must not be empty');
      if (!options.allowMissing) await requireRunArtifact(ctx.client(command), runId, path);
      const version = await registryClient(ctx, command).registerModel(runId, path, options.name, {
        ...(options.description ? { description: options.description } : {}),
      });
      if (options.json) return ctx.printJson(version);
      ctx.print(`registered ${version.source} as ${version.name} version ${version.version}`);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registryClient } from './registry-client.js';

export function registerModelsArchive(parent: Command, ctx: CliContext): void {
  parent
    .command('archive')
    .description('move a version to stage Archived: still readable and downloadable, but it cannot take an alias')
    .argument('<name>', 'registered model name')
    .argument('<version>', 'version number')
    .option('--json', 'print the wire object as JSON')
    .action(async (name: string, version: string, options: { json?: boolean }, command: Command) => {
      const { model_version: archived } = await registryClient(ctx, command).transitionModelVersionStage({
        name, version, stage: 'Archived', archive_existing_versions: false,
      });
      if (options.json) return ctx.printJson(archived);
      ctx.print(`archived ${name} version ${archived.version}`);
    });
}

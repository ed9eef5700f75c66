import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';

interface Options {
  artifactLocation?: string;
  json?: boolean;
}

export function registerExperimentsCreate(parent: Command, ctx: CliContext): void {
  parent
    .command('create')
    .description('create an experiment')
    .argument('<name>', 'experiment name')
    .option('--artifact-location <uri>', 'where its runs store artifacts (default: the server decides)')
    .option('--json', 'print the response as JSON')
    .action(async (name: string, options: Options, command: Command) => {
      const response = await ctx.client(command).createExperiment({
        name,
        ...(options.artifactLocation !== undefined ? { artifact_location: options.artifactLocation } : {}),
      });
      if (options.json) return ctx.printJson(response);
      ctx.print(`created experiment "${name}" with id ${response.experiment_id}`);
    });
}

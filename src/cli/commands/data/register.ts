import type { Command } from 'commander';
import { loadDataEngine } from './data-engine.js';
import type { CliContext } from '../../cli-context.js';
import { formatBytes } from './data-output.js';

interface Options {
  description?: string;
  json?: boolean;
}

/** `strata data register NAME PATH`: publishes PATH's pointer (digest, size, files) as a version of NAME. */
export function registerDataRegister(parent: Command, ctx: CliContext): void {
  parent
    .command('register')
    .description("publish a tracked file or folder (its PATH.strata pointer) as a version of a dataset in the server's registry")
    .argument('<name>', 'dataset name in the registry (created on its first version)')
    .argument('<path>', 'the tracked data, or its .strata pointer file')
    .option('--description <text>', "set the dataset's description")
    .option('--json', 'print the wire object as JSON')
    .action(async (name: string, path: string, options: Options, command: Command) => {
      const { describeDataPath } = await loadDataEngine();
      const described = describeDataPath(path, { cwd: ctx.cwd, requirePointer: true });
      const response = await ctx.client(command).registerDatasetVersion({
        name,
        digest: described.digest,
        size: described.size,
        file_count: described.fileCount,
        source_uri: described.sourceUri,
        ...(options.description !== undefined ? { description: options.description } : {}),
      });
      if (options.json) return ctx.printJson(response);
      const v = response.dataset_version;
      const what = `${formatBytes(v.size)}, ${v.file_count} file${v.file_count === 1 ? '' : 's'}, digest ${v.digest.slice(0, 12)}`;
      ctx.print(response.created ? `registered ${v.name} version ${v.version} (${what})` : `${v.name} version ${v.version} already has this data (${what})`);
    });
}

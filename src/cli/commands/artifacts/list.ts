import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';

interface Options {
  json?: boolean;
}

export function registerArtifactsList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description("list one directory level of a run's artifacts")
    .argument('<run-id>', 'run id')
    .argument('[path]', "directory inside the run's artifacts (default: its root)")
    .option('--json', 'print the wire response as JSON')
    .action(async (runId: string, path: string | undefined, options: Options, command: Command) => {
      const listing = await ctx.client(command).listArtifacts(runId, path);
      if (options.json) return ctx.printJson(listing);
      const rows = (listing.files ?? []).map((f) => [f.is_dir ? `${f.path}/` : f.path, f.is_dir ? '' : String(f.file_size ?? '')]);
      ctx.print(rows.length === 0 ? `no artifacts under ${listing.root_uri}${path ? `/${path}` : ''}` : formatTable(['path', 'size'], rows));
    });
}

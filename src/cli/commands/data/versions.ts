import type { Command } from 'commander';
import type { DatasetVersionRunWire } from '../../../api/strata-datasets.js';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { formatTime } from '../../format-values.js';
import { formatBytes } from './data-output.js';

function formatRuns(runs: DatasetVersionRunWire[] = []): string {
  if (runs.length === 0) return '-';
  const shown = runs.slice(0, 3).map((r) => `${r.run_id}${r.context ? ` (${r.context})` : ''}`).join(', ');
  return runs.length > 3 ? `${shown} (+${runs.length - 3} more)` : shown;
}

/** `strata data versions NAME`: a registered dataset's versions, newest first, with the runs that used each. */
export function registerDataVersions(parent: Command, ctx: CliContext): void {
  parent
    .command('versions')
    .description("list a registered dataset's versions, newest first, with the runs that used each")
    .argument('<name>', 'dataset name in the registry')
    .option('--json', 'print the wire object as JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const found = await ctx.client(command).getDataset(name, { includeRuns: true });
      if (options.json) return ctx.printJson(found);
      if (found.versions.length === 0) return ctx.print(`no versions of "${name}"`);
      const rows = found.versions.map((v) => [
        String(v.version), v.digest.slice(0, 12), formatBytes(v.size), String(v.file_count), formatTime(v.created_at), v.created_by, formatRuns(v.runs),
      ]);
      ctx.print(formatTable(['VERSION', 'DIGEST', 'SIZE', 'FILES', 'CREATED', 'BY', 'RUNS'], rows));
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import type { TransferProgress } from '../../../client/node/index.js';
import { createProgressReporter } from '../../progress-bar.js';
import { formatBytes } from '../../format-bytes.js';

interface Options {
  dest: string;
  json?: boolean;
}

export function registerArtifactsDownload(parent: Command, ctx: CliContext): void {
  parent
    .command('download')
    .description("download a run's artifact file or directory (recursively)")
    .argument('<run-id>', 'run id')
    .argument('[path]', "file or directory inside the run's artifacts (default: all of them)")
    .option('--dest <dir>', 'local directory to download into', '.')
    .option('--json', 'print a JSON summary')
    .action(async (runId: string, path: string | undefined, options: Options, command: Command) => {
      const progress = createProgressReporter(ctx.io.stderr, 'downloading');
      let last: TransferProgress | undefined;
      const onProgress = (p: TransferProgress) => {
        last = p;
        progress.onProgress(p);
      };
      let localPath: string;
      try {
        // The SDK's Node half (file transfers) is loaded only by the commands that move files.
        const { downloadArtifacts } = await import('../../../client/node/index.js');
        localPath = await downloadArtifacts(ctx.client(command), runId, path ?? '', options.dest, { onProgress });
      } finally {
        progress.finish();
      }
      const summary = { run_id: runId, path: path ?? '', local_path: localPath, files: last?.filesDone ?? 0, bytes: last?.bytesDone ?? 0 };
      if (options.json) return ctx.printJson(summary);
      ctx.print(`downloaded ${summary.files} file(s), ${formatBytes(summary.bytes)}, to ${localPath}`);
    });
}

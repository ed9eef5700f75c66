import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import type { TransferProgress } from '../../../client/node/index.js';
import { createProgressReporter } from '../../progress-bar.js';
import { formatBytes } from '../../format-bytes.js';

interface Options {
  artifactPath?: string;
  json?: boolean;
}

export function registerArtifactsLog(parent: Command, ctx: CliContext): void {
  parent
    .command('log')
    .description("upload a local file or directory into a run's artifacts")
    .argument('<run-id>', 'run id')
    .argument('<path>', 'local file or directory')
    .option('--artifact-path <path>', 'directory inside the run\'s artifacts to upload into')
    .option('--json', 'print a JSON summary')
    .action(async (runId: string, localPath: string, options: Options, command: Command) => {
      const client = ctx.client(command);
      const progress = createProgressReporter(ctx.io.stderr, 'uploading');
      let last: TransferProgress | undefined;
      const onProgress = (p: TransferProgress) => {
        last = p;
        progress.onProgress(p);
      };
      const isDir = (await stat(localPath)).isDirectory();
      try {
        // The SDK's Node half (file transfers) is loaded only by the commands that move files.
        const { logArtifact, logArtifacts } = await import('../../../client/node/index.js');
        if (isDir) await logArtifacts(client, runId, localPath, options.artifactPath, { onProgress });
        else await logArtifact(client, runId, localPath, options.artifactPath, { onProgress });
      } finally {
        progress.finish();
      }
      const summary = { run_id: runId, artifact_path: options.artifactPath ?? '', files: last?.filesDone ?? 0, bytes: last?.bytesDone ?? 0 };
      if (options.json) return ctx.printJson(summary);
      ctx.print(`logged ${summary.files} file(s), ${formatBytes(summary.bytes)}, to run ${runId}${summary.artifact_path ? ` under ${summary.artifact_path}` : ''}`);
    });
}

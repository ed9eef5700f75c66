import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registerArtifactsDownload } from './download.js';
import { registerArtifactsList } from './list.js';
import { registerArtifactsLog } from './log.js';

export function registerArtifactsCommands(program: Command, ctx: CliContext): void {
  const artifacts = program.command('artifacts').description("upload, list and download a run's artifacts");
  for (const register of [registerArtifactsLog, registerArtifactsList, registerArtifactsDownload]) register(artifacts, ctx);
}

/**
 * `strata models build-docker MODEL_URI`: a Docker build context that runs `strata serve` for the
 * model (serving/docker/docker-context.ts), with the resolved version downloaded and verified
 * into the context's serving cache. Needs no Docker daemon; `docker build` is the user's step.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, type CliContext } from '../../cli-context.js';
import { packageVersion } from '../../package-version.js';

interface Options {
  output?: string;
  baseImage?: string;
}

export function registerModelsBuildDocker(parent: Command, ctx: CliContext): void {
  parent
    .command('build-docker')
    .description('write a Dockerfile and context that run `strata serve` for a model (the version pre-downloaded)')
    .argument('<model-uri>', 'models:/NAME@ALIAS (followed by the container) or models:/NAME/VERSION')
    .option('-o, --output <dir>', 'context directory to write (default ./strata-serve-<model>)')
    .option('--base-image <image>', 'base image (default node:20-slim)')
    .action(async (uri: string, options: Options, command: Command) => {
      const { parseServeTarget } = await import('../../../serving/follow/model-uri.js');
      const target = parseServeTarget(uri);
      if (target.kind === 'local') throw new UsageError(`build-docker needs a registry URI (models:/NAME@ALIAS or models:/NAME/VERSION), got '${uri}'`);
      const { createModelFetcher } = await import('../../../serving/follow/model-fetcher.js');
      const { rememberAliasVersion } = await import('../../../serving/follow/model-cache.js');
      const docker = await import('../../../serving/docker/docker-context.js');
      const out = options.output === undefined ? join(ctx.cwd, `strata-serve-${target.name.replace(/[^A-Za-z0-9._-]+/g, '-')}`) : absolute(ctx.cwd, options.output);
      const client = ctx.client(command);
      const cache = join(out, docker.CONTEXT_CACHE_DIR);
      const fetcher = createModelFetcher(client, cache);
      const resolved = await fetcher.resolve(target.uri);
      await mkdir(out, { recursive: true });
      await fetcher.fetch(resolved);
      if (target.kind === 'alias') await rememberAliasVersion(cache, resolved.name, target.alias, resolved.version);
      const files = docker.dockerContextFiles({
        target,
        version: resolved.version,
        packageName: 'strata-mlops',
        packageVersion: packageVersion(),
        baseImage: options.baseImage ?? docker.DEFAULT_BASE_IMAGE,
        trackingUri: client.trackingUri,
      });
      for (const [name, content] of Object.entries(files)) await writeFile(join(out, name), content);
      ctx.print(`wrote ${out} for ${target.uri} (version ${resolved.version})`);
      ctx.print(`  docker build -t ${target.name.toLowerCase()} ${out}`);
    });
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

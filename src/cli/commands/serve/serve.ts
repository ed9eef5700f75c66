/**
 * `strata serve MODEL_URI`: a model server in its own process, speaking MLflow's scoring
 * protocol, following `models:/NAME@ALIAS` live (webhook + polling) and recording the deployment
 * on the tracking server. Long-running like `strata server`: returns once a signal has stopped it.
 * The serving engine (onnxruntime-node, pino, prom-client) is imported only here, on demand, so
 * other commands never load it.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { UsageError } from '../../cli-context.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import { parseByteSize, parseInterval, parseLogLevel, parseServePort, parseWorkers } from './serve-flags.js';

export interface ServeFlags {
  port: number;
  host: string;
  workers?: number;
  name?: string;
  environment?: string;
  publicUrl?: string;
  pollInterval?: number;
  webhook: boolean;
  cacheDir?: string;
  maxBodySize?: number;
  requestTimeout?: number;
  logLevel: string;
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve a model over MLflow\'s scoring protocol, following models:/NAME@ALIAS live (or a local model directory)')
    .argument('<model-uri>', 'models:/NAME@ALIAS (followed), models:/NAME/VERSION (pinned) or a local MLflow model directory')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parseServePort, 8080)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--workers <n>', 'worker processes sharing the port (node:cluster); the primary follows the alias', parseWorkers)
    .option('--name <name>', 'deployment name recorded on the tracking server (default <model>-<alias>)')
    .option('--environment <label>', 'environment label of the deployment: production, staging… (default "default")')
    .option('--public-url <url>', 'where callers and the tracking server\'s webhook reach this process (default http://host:port)')
    .option('--poll-interval <duration>', 'how often to check the alias, e.g. 2s, 500ms (default 2s)', parseInterval)
    .option('--no-webhook', 'follow the alias by polling only (no webhook on the tracking server)')
    .option('--cache-dir <dir>', 'where downloaded versions are kept (default ~/.strata/serving)')
    .option('--max-body-size <size>', 'largest request body, e.g. 10mb (default 10mb)', parseByteSize)
    .option('--request-timeout <duration>', 'longest a request may take, e.g. 30s (default 30s)', parseInterval)
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', parseLogLevel, 'info')
    .action(async (uri: string, flags: ServeFlags, command: Command) => {
      const { runServe } = await import('./run-serve.js');
      const config = resolveTrackingConfig(ctx.env);
      const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
      const tracking = { ...config, ...(override ? { trackingUri: override } : {}) };
      const target = uri.startsWith('models:/') ? uri : absolute(ctx.cwd, uri);
      if (flags.publicUrl !== undefined && !/^https?:\/\//.test(flags.publicUrl)) throw new UsageError(`--public-url must be an http(s) URL (got "${flags.publicUrl}")`);
      await runServe(ctx, target, flags, tracking);
    });
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

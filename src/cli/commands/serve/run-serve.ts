/**
 * What `strata serve` does once its flags are parsed (loaded on demand by serve.ts): starts one
 * serving process, or a node:cluster primary and its workers, and waits for SIGTERM/SIGINT —
 * then stops accepting, lets in-flight requests finish, records `stopped`, deletes the webhook.
 */
import cluster from 'node:cluster';
import pino, { type Logger } from 'pino';
import type { HttpTransportOptions } from '../../../client/http-transport.js';
import type { CliContext } from '../../cli-context.js';
import { defaultCacheDir } from '../../../serving/follow/model-cache.js';
import { parseServeTarget } from '../../../serving/follow/model-uri.js';
import type { ServeLog } from '../../../serving/follow/serve-log.js';
import { startServe, type ServeOptions } from '../../../serving/follow/serve-process.js';
import type { ServeFlags } from './serve.js';

export async function runServe(ctx: CliContext, uri: string, flags: ServeFlags, tracking: HttpTransportOptions): Promise<void> {
  const logger = pino({ level: flags.logLevel, base: { pid: process.pid } }, pino.destination(2));
  const options: ServeOptions = {
    target: parseServeTarget(uri),
    port: flags.port,
    host: flags.host,
    tracking,
    cacheDir: flags.cacheDir ?? defaultCacheDir(ctx.env),
    webhook: flags.webhook,
    logger,
    log: serveLog(logger),
    ...(flags.publicUrl !== undefined ? { publicUrl: flags.publicUrl } : {}),
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    ...(flags.environment !== undefined ? { environment: flags.environment } : {}),
    ...(flags.pollInterval !== undefined ? { pollIntervalMs: flags.pollInterval } : {}),
    ...(flags.maxBodySize !== undefined ? { bodyLimitBytes: flags.maxBodySize } : {}),
    ...(flags.requestTimeout !== undefined ? { requestTimeoutMs: flags.requestTimeout } : {}),
  };
  if (flags.workers !== undefined && flags.workers > 1) {
    const { runCluster } = await import('./serve-cluster.js');
    return runCluster(ctx, options, flags.workers, cluster);
  }
  const running = await startServe(options);
  ctx.print(`strata serve: ${uri} version ${running.version} listening on ${running.url}`);
  const signal = await nextSignal();
  logger.info(`${signal}: stopping`);
  await running.stop(`shutdown (${signal})`);
  ctx.print('strata serve stopped');
}

/** Resolves with the first SIGTERM or SIGINT; a second one exits at once. */
export function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export function serveLog(logger: Logger): ServeLog {
  return {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
  };
}

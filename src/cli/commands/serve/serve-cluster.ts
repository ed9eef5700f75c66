/**
 * `strata serve --workers N`: the primary forks N workers (the same command line; node:cluster
 * shares the port), follows the alias, downloads and verifies each version once, and has the
 * workers load, warm and swap it (cluster-applier.ts). Webhook deliveries that land on a worker
 * are answered by the primary, which holds the secret.
 */
import type { Cluster, Worker } from 'node:cluster';
import type { CliContext } from '../../cli-context.js';
import { StrataClient } from '../../../client/strata-client.js';
import { createServingMetrics } from '../../../serving/index.js';
import { createClusterApplier, type WorkerChannel } from '../../../serving/follow/cluster-applier.js';
import { isWorkerMessage, type WorkerMessage } from '../../../serving/follow/cluster-messages.js';
import { runClusterWorker } from '../../../serving/follow/cluster-worker.js';
import { httpDeploymentApi } from '../../../serving/follow/deployment-api.js';
import { createFollowSession } from '../../../serving/follow/follow-session.js';
import { cachedVersion, rememberAliasVersion } from '../../../serving/follow/model-cache.js';
import { createModelFetcher } from '../../../serving/follow/model-fetcher.js';
import type { ServeOptions } from '../../../serving/follow/serve-process.js';
import { nextSignal } from './run-serve.js';

export async function runCluster(ctx: CliContext, options: ServeOptions, workerCount: number, cluster: Cluster): Promise<void> {
  if (cluster.isWorker) return runWorker(options);
  if (options.target.kind === 'local') throw new Error('--workers needs a models:/ URI (a local directory is served by one process)');
  const target = options.target;
  const workers = await forkWorkers(cluster, workerCount);
  const channels = workers.map(channelOf);
  const url = await workerUrl(channels);
  const metrics = createServingMetrics();
  const session = createFollowSession({
    target,
    fetcher: createModelFetcher(new StrataClient({ ...options.tracking, retry: { maxAttempts: 2, baseDelayMs: 200 } }), options.cacheDir),
    applier: createClusterApplier(() => channels),
    metrics,
    log: options.log,
    tracking: options.tracking,
    deployments: httpDeploymentApi(options.tracking),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.webhook !== undefined ? { webhook: options.webhook } : {}),
    offlineFallback: (t) => cachedVersion(options.cacheDir, t.name, t.kind === 'alias' ? { alias: t.alias } : { version: t.version }),
    onServing: (resolved) => {
      if (target.kind === 'alias') void rememberAliasVersion(options.cacheDir, resolved.name, target.alias, resolved.version).catch(() => undefined);
    },
  });
  for (const channel of channels) {
    channel.onMessage((message) => {
      if (message.type !== 'webhook') return;
      void session.webhookReceiver(Buffer.from(message.body, 'base64'), message.headers).then((status) =>
        channel.send({ type: 'webhook-status', id: message.id, status }),
      );
    });
  }
  let version: string;
  try {
    version = await session.loadInitial();
  } catch (error) {
    for (const worker of workers) worker.kill();
    throw error;
  }
  await session.begin(options.publicUrl ?? url);
  ctx.print(`strata serve: ${target.uri} version ${version} listening on ${url} (${workerCount} workers)`);
  const signal = await nextSignal();
  options.log.info(`${signal}: stopping ${workerCount} workers`);
  await Promise.all(workers.map((worker) => stopWorker(worker)));
  await session.stop(`shutdown (${signal})`);
  ctx.print('strata serve stopped');
}

async function runWorker(options: ServeOptions): Promise<void> {
  // The primary decides when to stop; a Ctrl+C reaching the whole process group must not cut requests short.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  process.once('disconnect', () => process.exit(0));
  await runClusterWorker({
    port: options.port,
    host: options.host,
    modelUri: options.target.kind === 'local' ? options.target.dir : options.target.uri,
    logger: options.logger,
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    channel: {
      send: (message) => process.send?.(message),
      onMessage: (listener) => process.on('message', listener),
    },
  });
  process.disconnect?.();
}

async function forkWorkers(cluster: Cluster, count: number): Promise<Worker[]> {
  return Array.from({ length: count }, () => cluster.fork());
}

function channelOf(worker: Worker): WorkerChannel {
  return {
    id: worker.id,
    send: (message) => worker.send(message),
    onMessage(listener) {
      const handler = (message: unknown) => {
        if (isWorkerMessage(message)) listener(message);
      };
      worker.on('message', handler);
      return () => worker.off('message', handler);
    },
  };
}

/** The URL the workers listen on (all share one port); rejects if a worker dies first. */
function workerUrl(channels: WorkerChannel[]): Promise<string> {
  return Promise.all(
    channels.map(
      (channel) =>
        new Promise<string>((resolve) => {
          const off = channel.onMessage((message: WorkerMessage) => {
            if (message.type === 'listening') {
              off();
              resolve(message.url);
            }
          });
        }),
    ),
  ).then((urls) => urls[0]!);
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    worker.once('exit', () => resolve());
    worker.send({ type: 'stop' });
  });
}

/**
 * `strata serve --workers N`: the primary forks N workers (the same command line; node:cluster
 * shares the port), follows the alias, downloads and verifies each version once, and has the
 * workers load, warm and swap it (cluster-applier.ts). Webhook deliveries that land on a worker
 * are answered by the primary, which holds the secret.
 */
import type { Cluster, Worker } from 'node:cluster';
import type { CliContext } from '../../cli-context.js';
import { createServingMetrics } from '../../../serving/index.js';
import { createClusterApplier, type WorkerChannel } from '../../../serving/follow/cluster-applier.js';
import { isWorkerMessage, type WorkerMessage } from '../../../serving/follow/cluster-messages.js';
import { runClusterWorker } from '../../../serving/follow/cluster-worker.js';
import { followSession, type ServeOptions } from '../../../serving/follow/serve-process.js';
import { nextSignal } from './run-serve.js';

export async function runCluster(ctx: CliContext, options: ServeOptions, workerCount: number, cluster: Cluster): Promise<void> {
  if (cluster.isWorker) return runWorker(options);
  if (options.target.kind === 'local') throw new Error('--workers needs a models:/ URI (a local directory is served by one process)');
  const target = options.target;
  const channels: PrimaryChannel[] = [];
  /** The workers that hold the served version; a replacement joins once loaded. */
  const serving = new Set<PrimaryChannel>();
  const applier = createClusterApplier(() => [...serving]);
  const metrics = createServingMetrics();
  const session = followSession(options, applier, metrics);
  let stopping = false;
  const fork = (): PrimaryChannel => {
    const channel = channelOf(cluster.fork());
    channels.push(channel);
    channel.onMessage((message) => {
      if (message.type !== 'webhook') return;
      void session.webhookReceiver(Buffer.from(message.body, 'base64'), message.headers).then((status) =>
        channel.send({ type: 'webhook-status', id: message.id, status }),
      );
    });
    channel.onExit(() => {
      channels.splice(channels.indexOf(channel), 1);
      serving.delete(channel);
      if (stopping) return;
      // A worker that died is replaced, loaded with the version being served before it takes connections.
      options.log.error(`worker ${channel.id} exited; starting a replacement`);
      const replacement = fork();
      replacement.ready
        .then(() => applier.bring(replacement))
        .then(() => {
          serving.add(replacement);
          options.log.info(`replacement worker ${replacement.id} is serving`);
        })
        .catch((error: unknown) => options.log.error(`replacement worker ${replacement.id}: ${String(error)}`));
    });
    return channel;
  };
  for (let i = 0; i < workerCount; i++) fork();
  const listening = Promise.all(channels.map(listeningUrl));
  let version: string;
  try {
    await Promise.all(channels.map((channel) => channel.ready));
    for (const channel of channels) serving.add(channel);
    version = await session.loadInitial();
  } catch (error) {
    stopping = true;
    for (const channel of [...channels]) channel.kill();
    throw error;
  }
  const url = (await listening)[0]!;
  await session.begin(options.publicUrl ?? url);
  ctx.print(`strata serve: ${target.uri} version ${version} listening on ${url} (${workerCount} workers)`);
  const signal = await nextSignal();
  stopping = true;
  options.log.info(`${signal}: stopping ${channels.length} workers`);
  await Promise.all([...channels].map((channel) => channel.stop()));
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

type PrimaryChannel = WorkerChannel & { ready: Promise<void>; kill(): void; stop(): Promise<void> };

function channelOf(worker: Worker): PrimaryChannel {
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (isWorkerMessage(message) && message.type === 'ready') resolve();
    });
    worker.once('exit', (code) => reject(new Error(`worker ${worker.id} exited with ${code} before it was ready`)));
  });
  ready.catch(() => undefined);
  return {
    id: worker.id,
    ready,
    isAlive: () => !worker.isDead() && worker.isConnected(),
    send: (message) => {
      if (worker.isConnected()) worker.send(message);
    },
    onMessage(listener) {
      const handler = (message: unknown) => {
        if (isWorkerMessage(message)) listener(message);
      };
      worker.on('message', handler);
      return () => worker.off('message', handler);
    },
    onExit(listener) {
      worker.on('exit', listener);
      return () => worker.off('exit', listener);
    },
    kill: () => worker.kill(),
    stop: () =>
      new Promise<void>((resolve) => {
        if (worker.isDead()) return resolve();
        worker.once('exit', () => resolve());
        worker.send({ type: 'stop' });
      }),
  };
}

/** The URL a worker listens on (all share one port), once it holds a model. */
function listeningUrl(channel: WorkerChannel): Promise<string> {
  return new Promise<string>((resolve) => {
    const off = channel.onMessage((message: WorkerMessage) => {
      if (message.type === 'listening') {
        off();
        resolve(message.url);
      }
    });
  });
}

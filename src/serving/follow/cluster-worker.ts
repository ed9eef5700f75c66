/**
 * One worker of `strata serve --workers N`: a scoring server on the shared port whose slot is
 * filled by the primary's `prepare`/`commit` messages, and whose alias webhook deliveries are
 * handed to the primary (which holds the secret and follows the alias). It stops when told, or
 * when the primary goes away.
 */
import type { Logger } from 'pino';
import type { LoadedModel, ModelSlot } from '../contracts.js';
import { createModelSlot, createScoringServer, createServingMetrics, loadModelDirectory, warmUpModel } from '../index.js';
import { isPrimaryMessage, type PrimaryMessage, type WorkerMessage } from './cluster-messages.js';

export interface ClusterWorkerOptions {
  port: number;
  host: string;
  modelUri: string;
  logger: Logger;
  bodyLimitBytes?: number;
  requestTimeoutMs?: number;
  /** The worker's channel to the primary (process.send / process.on('message')). */
  channel: { send(message: WorkerMessage): void; onMessage(listener: (message: unknown) => void): void };
}

export async function runClusterWorker(options: ClusterWorkerOptions): Promise<void> {
  const slot: ModelSlot = createModelSlot();
  const metrics = createServingMetrics();
  const prepared = new Map<number, LoadedModel>();
  const webhookReplies = new Map<number, (status: number) => void>();
  let nextWebhookId = 0;
  const scoring = createScoringServer({
    slot,
    metrics,
    logger: options.logger,
    webhook: (body, headers) =>
      new Promise<number>((resolve) => {
        const id = nextWebhookId++;
        webhookReplies.set(id, resolve);
        options.channel.send({ type: 'webhook', id, body: body.toString('base64'), headers });
      }),
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  // A worker joins the shared port only once it holds a model: a replacement forked while others
  // serve must not take connections it would answer with 503.
  let listening: Promise<void> | undefined;
  const listenOnce = () => {
    listening ??= scoring.listen(options.port, options.host).then(({ url }) => options.channel.send({ type: 'listening', url }));
    return listening;
  };

  const handle = async (message: PrimaryMessage): Promise<void> => {
    switch (message.type) {
      case 'prepare': {
        try {
          const model = await loadModelDirectory(message.dir, { version: message.version, modelUri: options.modelUri });
          try {
            await warmUpModel(model);
          } catch (error) {
            await model.close().catch(() => undefined);
            throw error;
          }
          prepared.set(message.id, model);
          options.channel.send({ type: 'prepared', id: message.id });
        } catch (error) {
          options.channel.send({ type: 'prepared', id: message.id, error: error instanceof Error ? error.message : String(error) });
        }
        return;
      }
      case 'commit': {
        const model = prepared.get(message.id);
        prepared.delete(message.id);
        if (model) {
          slot.swap(model);
          metrics.setServedVersion(model.version, options.modelUri);
        }
        await listenOnce();
        options.channel.send({ type: 'committed', id: message.id });
        return;
      }
      case 'abort': {
        const model = prepared.get(message.id);
        prepared.delete(message.id);
        await model?.close().catch(() => undefined);
        return;
      }
      case 'webhook-status':
        webhookReplies.get(message.id)?.(message.status);
        webhookReplies.delete(message.id);
        return;
      case 'stop':
        if (listening) await scoring.close();
        options.channel.send({ type: 'stopped' });
        stopped();
        return;
    }
  };
  options.channel.onMessage((message) => {
    if (isPrimaryMessage(message)) void handle(message);
  });
  // IPC messages sent before a listener exists are lost: the primary waits for this before asking anything.
  options.channel.send({ type: 'ready' });
  await done;
}

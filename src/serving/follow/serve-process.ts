/**
 * `strata serve` in one process: the scoring server (slot + HTTP) and the follow session wired
 * together. A local directory is loaded once and served as version `local`, with no tracking
 * server; a registry URI is resolved, downloaded, loaded and followed.
 */
import { resolve as resolvePath } from 'node:path';
import type { Logger } from 'pino';
import { StrataClient } from '../../client/strata-client.js';
import type { HttpTransportOptions } from '../../client/http-transport.js';
import { createModelSlot, createScoringServer, createServingMetrics, loadModelDirectory, warmUpModel } from '../index.js';
import type { ModelSlot } from '../contracts.js';
import type { ServingMetrics } from '../http/serving-metrics.js';
import { httpDeploymentApi } from './deployment-api.js';
import { createFollowSession, type FollowSession } from './follow-session.js';
import type { ModelApplier } from './switch-controller.js';
import { createLocalApplier } from './local-applier.js';
import { cachedVersion, rememberAliasVersion } from './model-cache.js';
import { createModelFetcher } from './model-fetcher.js';
import type { ServeTarget } from './model-uri.js';
import type { ServeLog } from './serve-log.js';

export interface ServeOptions {
  target: ServeTarget;
  port: number;
  host: string;
  /** Where callers (and the webhook) reach this process; default http://host:port. */
  publicUrl?: string;
  tracking: HttpTransportOptions;
  cacheDir: string;
  name?: string;
  environment?: string;
  pollIntervalMs?: number;
  webhook?: boolean;
  bodyLimitBytes?: number;
  requestTimeoutMs?: number;
  logger: Logger;
  log: ServeLog;
}

export interface RunningServe {
  url: string;
  version: string;
  session: FollowSession | undefined;
  slot: ModelSlot;
  /** Stops accepting, lets in-flight requests finish, records `stopped`, deletes the webhook. */
  stop(reason: string): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const slot = createModelSlot(undefined, { onCloseError: (model, error) => options.log.warn(`closing version ${model.version}: ${String(error)}`) });
  const metrics = createServingMetrics();
  const session = options.target.kind === 'local' ? undefined : followSession(options, createLocalApplier({ slot, metrics, modelUri: options.target.uri }), metrics);
  const version = session ? await session.loadInitial() : await loadLocal(options.target as Extract<ServeTarget, { kind: 'local' }>, slot, metrics);
  const scoring = createScoringServer({
    slot,
    metrics,
    logger: options.logger,
    ...(session ? { webhook: session.webhookReceiver } : {}),
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  const { url } = await scoring.listen(options.port, options.host);
  await session?.begin(options.publicUrl ?? url);
  return {
    url,
    version,
    session,
    slot,
    async stop(reason) {
      await scoring.close();
      await session?.stop(reason);
    },
  };
}

/**
 * The follow session of a served registry URI, whatever applies its versions: one process's slot
 * (createLocalApplier) or the workers of `--workers N` (cluster-applier.ts).
 */
export function followSession(options: ServeOptions, applier: ModelApplier, metrics: ServingMetrics): FollowSession {
  if (options.target.kind === 'local') throw new Error('a local model directory is not followed');
  const target = options.target;
  const client = new StrataClient({ ...options.tracking, retry: { maxAttempts: 2, baseDelayMs: 200 } });
  return createFollowSession({
    target,
    fetcher: createModelFetcher(client, options.cacheDir),
    applier,
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
      if (target.kind !== 'alias') return;
      rememberAliasVersion(options.cacheDir, resolved.name, target.alias, resolved.version).catch((error: unknown) =>
        options.log.warn(`could not note version ${resolved.version} in the cache: ${String(error)}`),
      );
    },
  });
}

async function loadLocal(target: Extract<ServeTarget, { kind: 'local' }>, slot: ModelSlot, metrics: ReturnType<typeof createServingMetrics>): Promise<string> {
  const dir = resolvePath(target.dir);
  const model = await loadModelDirectory(dir, { version: 'local', modelUri: dir });
  await warmUpModel(model);
  slot.swap(model);
  metrics.setServedVersion('local', dir);
  return 'local';
}

/**
 * The controller half of a serving process: what it serves and how it keeps up. Loads the first
 * version, registers the deployment, creates the alias webhook, polls, and records every switch;
 * `stop` records `stopped` and deletes the webhook. The scoring half (slot + HTTP) is reached only
 * through the applier, so the same session drives one process or a cluster's workers.
 */
import { hostname } from 'node:os';
import type { RegisterDeploymentRequest } from '../../api/strata-deployments.js';
import type { HttpTransportOptions } from '../../client/http-transport.js';
import type { SwitchMetrics, WebhookReceiver } from '../contracts.js';
import { AliasFollower, messageOf } from './alias-follower.js';
import { createAliasWebhook, newWebhookSecret, type AliasWebhook } from './alias-webhook.js';
import type { DeploymentApi } from './deployment-api.js';
import { DeploymentRecorder } from './deployment-recorder.js';
import type { ModelFetcher, ResolvedVersion } from './model-fetcher.js';
import type { ServeTarget } from './model-uri.js';
import type { ServeLog } from './serve-log.js';
import { SwitchController, type ModelApplier, type SwitchListener } from './switch-controller.js';

export const DEFAULT_POLL_INTERVAL_MS = 2_000;

export interface FollowSessionOptions {
  target: Extract<ServeTarget, { kind: 'alias' | 'version' }>;
  fetcher: ModelFetcher;
  applier: ModelApplier;
  metrics: SwitchMetrics;
  log: ServeLog;
  /** The tracking server, for the webhook API; undefined: no webhook. */
  tracking?: HttpTransportOptions;
  deployments?: DeploymentApi;
  /** Deployment name (default `<model>-<alias>`, or `<model>-v<version>` when pinned). */
  name?: string;
  environment?: string;
  pollIntervalMs?: number;
  webhook?: boolean;
  /** Fallback for the first version when the registry cannot be reached (a cached copy). */
  offlineFallback?: (target: FollowSessionOptions['target']) => Promise<{ version: string; dir: string } | undefined>;
  /** Told each version the session serves (e.g. to remember it in the cache). */
  onServing?: (resolved: ResolvedVersion) => void;
  retryFailedAfterMs?: number;
}

export interface FollowSession {
  readonly controller: SwitchController;
  readonly recorder: DeploymentRecorder | undefined;
  readonly follower: AliasFollower | undefined;
  /** Receives the alias webhook's deliveries (401 until the webhook exists). */
  readonly webhookReceiver: WebhookReceiver;
  /** Loads the first version: rejects when there is nothing to serve. */
  loadInitial(): Promise<string>;
  /** Once listening: register, record `started`, create the webhook, start polling. */
  begin(endpointUrl: string): Promise<void>;
  stop(reason: string): Promise<void>;
}

export function createFollowSession(options: FollowSessionOptions): FollowSession {
  const { target, log } = options;
  const resolvedByVersion = new Map<string, ResolvedVersion>();
  let recorder: DeploymentRecorder | undefined;
  let webhook: AliasWebhook | undefined;
  let secret: string | undefined;

  const listener: SwitchListener = {
    switched: ({ from, to, reason }) => {
      log.info(`now serving version ${to} (was ${from ?? '-'}): ${reason}`);
      const resolved = resolvedByVersion.get(to);
      if (resolved) options.onServing?.(resolved);
      recorder?.record({ kind: 'switched', reason, toVersion: to, ...(from !== undefined ? { fromVersion: from } : {}) });
    },
    failed: ({ from, to, reason }, error) => {
      log.error(`refused version ${to}, still serving ${from ?? '-'}: ${error.message}`);
      recorder?.record({ kind: 'switch_failed', reason, toVersion: to, message: error.message, ...(from !== undefined ? { fromVersion: from } : {}) });
    },
  };
  const fetcher: ModelFetcher = {
    resolve: async (uri) => {
      const resolved = await options.fetcher.resolve(uri);
      resolvedByVersion.set(resolved.version, resolved);
      return resolved;
    },
    fetch: (resolved) => options.fetcher.fetch(resolved),
  };
  const controller = new SwitchController({
    fetcher, applier: options.applier, metrics: options.metrics, listener,
    ...(options.retryFailedAfterMs !== undefined ? { retryFailedAfterMs: options.retryFailedAfterMs } : {}),
  });
  const follower = target.kind === 'alias'
    ? new AliasFollower({ uri: target.uri, name: target.name, alias: target.alias, fetcher, controller, pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, log })
    : undefined;
  const deploymentName = options.name ?? (target.kind === 'alias' ? `${target.name}-${target.alias}` : `${target.name}-v${target.version}`);

  async function loadInitial(): Promise<string> {
    let resolved: ResolvedVersion;
    try {
      resolved = await fetcher.resolve(target.uri);
    } catch (error) {
      const cached = await options.offlineFallback?.(target);
      if (!cached) throw error;
      log.warn(`cannot resolve ${target.uri} (${messageOf(error)}); serving cached version ${cached.version} until the tracking server answers`);
      await options.applier.apply(cached.dir, cached.version);
      controller.markServing(cached.version);
      return cached.version;
    }
    const dir = await fetcher.fetch(resolved);
    await options.applier.apply(dir, resolved.version);
    controller.markServing(resolved.version);
    options.onServing?.(resolved);
    return resolved.version;
  }

  async function begin(endpointUrl: string): Promise<void> {
    if (options.deployments) {
      const registration: RegisterDeploymentRequest = {
        name: deploymentName,
        environment: options.environment ?? 'default',
        endpoint_url: endpointUrl,
        host: hostname(),
        pid: process.pid,
        model_uri: target.uri,
      };
      recorder = new DeploymentRecorder({ api: options.deployments, registration, log });
      recorder.start();
      recorder.record({ kind: 'started', reason: 'initial load', ...(controller.current !== undefined ? { toVersion: controller.current } : {}) });
    }
    if (follower && options.webhook !== false && options.tracking) {
      secret = newWebhookSecret();
      try {
        webhook = await createAliasWebhook(options.tracking, { name: `strata-serve ${deploymentName} ${process.pid}`, publicUrl: endpointUrl, secret });
        log.info(`following ${target.uri} by webhook ${webhook.id} and by polling every ${options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS} ms`);
      } catch (error) {
        log.warn(`could not create the alias webhook (${messageOf(error)}); following ${target.uri} by polling only`);
      }
    } else if (follower) {
      log.info(`following ${target.uri} by polling every ${options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS} ms`);
    }
    follower?.startPolling();
  }

  async function stop(reason: string): Promise<void> {
    follower?.stop();
    const stopped = { kind: 'stopped' as const, reason, ...(controller.current !== undefined ? { fromVersion: controller.current } : {}) };
    await Promise.all([
      recorder?.close(stopped, 5_000),
      webhook?.delete().catch((error: unknown) => log.warn(`could not delete webhook ${webhook?.id}: ${messageOf(error)}`)),
    ]);
  }

  const webhookReceiver: WebhookReceiver = (body, headers) =>
    follower && secret !== undefined ? follower.webhookReceiver(secret)(body, headers) : Promise.resolve(404);

  return {
    controller,
    get recorder() {
      return recorder;
    },
    follower,
    webhookReceiver,
    loadInitial,
    begin,
    stop,
  };
}

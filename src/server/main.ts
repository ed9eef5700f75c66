/**
 * The one place that reads configuration, opens the store, wires the services and
 * listens. Signal handling is separate (installShutdownHandlers) so tests can start
 * many servers in one process.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { systemClock } from '../core/ports/clock.js';
import { randomIdGenerator } from '../core/ports/id-generator.js';
import { GateService } from '../core/services/gate-service.js';
import { DeploymentService } from '../core/services/deployment-service.js';
import { createRegistryService, type RegistryService } from '../core/services/registry-service.js';
import { DatasetRegistryService } from '../core/services/dataset-registry-service.js';
import { createTrackingService, type TrackingService } from '../core/services/tracking-service.js';
import { GcService } from '../core/services/gc-service.js';
import { AuditChainService } from '../core/services/audit-chain-service.js';
import { openStore } from '../store/create-store.js';
import type { ArtifactStore } from '../core/ports/artifact-store.js';
import { ArtifactService } from '../core/services/artifact-service.js';
import { openArtifactStore } from './artifacts/open-artifact-store.js';
import { type ServerConfig, allowedHostsOf, experimentArtifactLocation } from './config.js';
import { createApp } from './create-app.js';
import type { Authenticator } from './auth/authenticator.js';
import { DEFAULT_PROMOTION_SWEEP_INTERVAL_MS, startPromotionExpirySweeper } from './promotion-expiry-sweeper.js';
import { AuthorizationService, DEFAULT_DEFAULT_ROLE } from '../core/auth/authorization-service.js';
import { LineageService } from '../core/lineage/lineage-service.js';
import { ModelCardService } from '../core/services/model-card-service.js';
import type { WebhookService } from '../core/webhooks/webhook-service.js';
import { createWebhookDestinationGuard } from './webhooks/webhook-destination-guard.js';
import { wireWebhooks, type WebhookServerOptions } from './webhooks/wire-webhooks.js';
import { createIdentity, prepareAuth, requireUserBeforeSingleSignOn, type Identity, type IdentityOptions } from './auth/wire-identity.js';
import { resolveOidcSettings } from './auth/oidc-settings.js';
import { OidcRelyingParty } from './auth/oidc-relying-party.js';
import { loadOrCreateAuditSigner } from './audit/audit-signing-key.js';
import { nodeAuditCrypto } from './audit/node-audit-crypto.js';
import { auditSealerLoop } from './audit/audit-sealer-loop.js';
import { trackRequestActivity } from './request-activity.js';
import { MetricRollupBuilder, type MetricRollupBuilderOptions } from './rollups/metric-rollup-builder.js';

export type { ServerConfig } from './config.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:5000 */
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
  store: MetadataStore;
  app: FastifyInstance;
  tracking: TrackingService;
  registry: RegistryService;
  artifacts: ArtifactStore;
  webhooks: WebhookService;
  identity: Identity;
  authorization: AuthorizationService;
  auditChain: AuditChainService;
  /** Builds metric roll-ups after ingest (stats show its work). */
  rollups: MetricRollupBuilder;
}

/** What tests and embedders may tune beyond the server config. */
export interface StartServerOptions {
  webhooks?: WebhookServerOptions;
  /** How long close() lets in-flight requests run before cutting their connections (default 10 s). */
  shutdownGraceMs?: number;
  /** How long /health waits for a database answer before reporting 503 (default 2 s). */
  healthProbeTimeoutMs?: number;
  /** How often expired promotion requests are marked expired in the background (default 60 s). */
  promotionSweepIntervalMs?: number;
  /**
   * Test seam: who each request is, instead of the real authenticator (which still serves
   * sign-in). Authorization tests pass fakes here.
   */
  authenticator?: Authenticator;
  /** Rate limits, argon2 cost, cache freshness and session length of the real authenticator. */
  identity?: IdentityOptions;
  /** The background roll-up builder: false to leave every build to the envelope requests (tests). */
  rollupBuilder?: false | MetricRollupBuilderOptions;
}

const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
const DEFAULT_HEALTH_PROBE_TIMEOUT_MS = 2_000;
/** Long enough for any search a person waits for; short enough that a runaway filter frees its connection. */
const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
const DEFAULT_AUDIT_SEAL_INTERVAL_MS = 1_000;
const DEFAULT_AUDIT_CHECKPOINT_INTERVAL_MS = 60_000;

/**
 * Closes the HTTP server: stops accepting, lets in-flight requests finish, and after the
 * grace period cuts whatever is still open (a download whose client vanished without the
 * socket noticing would otherwise hold shutdown forever).
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  // A keep-alive connection whose request finishes during the grace period goes idle and
  // would otherwise stay open until the timer: close such connections as they go idle.
  const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
  timer.unref();
  sweeper.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
    clearInterval(sweeper);
  }
}

function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function urlOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const defaultArtifactLocation = experimentArtifactLocation(config);
  // Built first: a bad allow-list entry is refused before anything is opened.
  const auditSigner = loadOrCreateAuditSigner(config.auditKeyFile);
  // Checked before anything opens; the provider itself is reached on the first sign-in, so a down provider delays no start.
  const oidcSettings = resolveOidcSettings(config);
  const webhookDestinations = createWebhookDestinationGuard({
    allowedHosts: [...(config.webhookAllowedHosts ?? []), ...(options.webhooks?.allowedHosts ?? [])],
    resolveHost: options.webhooks?.resolveHost,
  });
  const store = await openStore(config.backendStoreUri, {
    defaultArtifactLocation,
    statementTimeoutMs: config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  });
  const artifacts = await openArtifactStore(config.artifactsDestination).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const artifactService = new ArtifactService({ store, artifacts, artifactsDestination: config.artifactsDestination, clock: systemClock });
  // Set once the app exists: the builder yields to requests being answered.
  let answeringRequests = () => false;
  const rollups = new MetricRollupBuilder(store, { busy: () => answeringRequests(), ...(options.rollupBuilder === false ? {} : options.rollupBuilder) });
  const serviceDeps = {
    store, clock: systemClock, ids: randomIdGenerator, defaultArtifactLocation, artifactsDestination: config.artifactsDestination,
    onMetricsLogged: (runId: string, keys: readonly string[]) => rollups.nudge(keys.map((key) => ({ runId, key }))),
  };
  const tracking = createTrackingService(serviceDeps);
  const webhooks = wireWebhooks(store, systemClock, webhookDestinations, options.webhooks);
  const registry = createRegistryService({ ...serviceDeps, onRegistryEvent: webhooks.service.outbox });
  const gates = new GateService({ ...serviceDeps, onRegistryEvent: webhooks.service.outbox, artifacts: { store: artifacts, destination: config.artifactsDestination } });
  const deployments = new DeploymentService({ ...serviceDeps, onRegistryEvent: webhooks.service.outbox, promotions: registry.promotions });
  const lineage = new LineageService({ store, resolveModel: (uri) => registry.resolve(uri) });
  const datasets = new DatasetRegistryService(serviceDeps);
  const cards = new ModelCardService({ store, clock: systemClock, artifacts: { store: artifacts, destination: config.artifactsDestination }, gates: store });
  const identity = createIdentity(store, systemClock, options.identity);
  try {
    await prepareAuth(config, identity);
    if (oidcSettings !== undefined) await requireUserBeforeSingleSignOn(identity);
  } catch (error) {
    await store.close();
    throw error;
  }
  const gc = new GcService({ store, clock: systemClock, artifacts: { store: artifacts, destination: config.artifactsDestination } });
  // Always wired: auth turns on at run time with the first user, and the open principal passes every check.
  const authorization = new AuthorizationService({
    store,
    clock: systemClock,
    defaultRole: config.defaultPermission ?? DEFAULT_DEFAULT_ROLE,
    ...(config.grantFreshnessMs === undefined ? {} : { grantFreshnessMs: config.grantFreshnessMs }),
  });
  const auditChain = new AuditChainService({ ledger: store.auditLedger, crypto: nodeAuditCrypto, signer: auditSigner, clock: systemClock });
  const sealer = auditSealerLoop(auditChain, {
    sealIntervalMs: config.auditSealIntervalMs ?? DEFAULT_AUDIT_SEAL_INTERVAL_MS,
    checkpointIntervalMs: config.auditCheckpointIntervalMs ?? DEFAULT_AUDIT_CHECKPOINT_INTERVAL_MS,
  });
  const app = createApp({
    authorization,
    tracking,
    registry,
    datasets,
    webhooks: webhooks.service,
    lineage,
    cards,
    gates,
    deployments,
    gc,
    auditChain,
    version: packageVersion(),
    bodyLimitBytes: config.bodyLimitBytes,
    logLevel: config.logLevel,
    artifacts: { service: artifactService, serveArtifacts: config.serveArtifacts },
    security: {
      allowedHosts: allowedHostsOf(config),
      corsAllowedOrigins: config.corsAllowedOrigins,
      xFrameOptions: config.xFrameOptions,
    },
    connections: { bodyIdleTimeoutMs: config.bodyIdleTimeoutMs, maxConnections: config.maxConnections },
    checkHealth: () => store.checkHealth(options.healthProbeTimeoutMs ?? DEFAULT_HEALTH_PROBE_TIMEOUT_MS),
    dashboard: { dir: config.dashboardDir },
    authenticator: options.authenticator ?? identity.authenticator,
    identity: {
      ...identity,
      sessionTtlMs: options.identity?.sessionTtlMs,
      relyingParty: oidcSettings === undefined ? undefined : new OidcRelyingParty(oidcSettings, store, systemClock),
    },
  });
  answeringRequests = trackRequestActivity(app);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await store.close();
    throw error;
  }
  webhooks.start();
  const stopSweeper = startPromotionExpirySweeper(
    registry.promotions, options.promotionSweepIntervalMs ?? DEFAULT_PROMOTION_SWEEP_INTERVAL_MS, (message) => app.log.warn(message),
  );
  sealer.start();
  if (options.rollupBuilder !== false) rollups.start();
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= closeWithin(app, options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS)
      .then(() => stopSweeper())
      .then(() => Promise.all([webhooks.stop(), rollups.stop()]))
      .then(() => sealer.stop())
      .then(() => store.close());
    return closing;
  };
  return { url: urlOf(app), close, store, app, tracking, registry, artifacts, webhooks: webhooks.service, identity, authorization, auditChain, rollups };
}

/**
 * SIGTERM/SIGINT close the server gracefully; a second signal exits at once. Returns
 * a function that removes the handlers. For the CLI; tests do not call it.
 */
export function installShutdownHandlers(
  server: Pick<RunningServer, 'close'>,
  onClosed: (error?: unknown) => void = () => {},
): () => void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(signal === 'SIGINT' ? 130 : 143);
    signalled = true;
    server.close().then(() => onClosed(), onClosed);
  };
  const uninstall = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return uninstall;
}

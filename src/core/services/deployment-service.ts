/**
 * Deployment records (issue 15): serving processes (`strata serve`) register, heartbeat and
 * record what they serve; anyone who may read the model asks what served when, and a rollback
 * moves the alias back through the promotion flow. Every event but a heartbeat commits with its
 * audit event and its webhook event (`deployment.<kind>`), or not at all.
 *
 * Who may: recording (register, heartbeat, events) needs the editor role on the model served —
 * the serving process runs with a token — so a viewer cannot forge what production ran. Reading
 * needs the viewer role; lists leave out instances of models the caller may not read, and an
 * instance of such a model reads as missing. Rollback needs the editor role, as promoting does,
 * and then the model's policy decides (a protected alias gets a request).
 */
import {
  DEPLOYMENT_EVENT_KINDS,
  MAX_DEPLOYMENT_EVENTS_PER_PAGE,
  MAX_DEPLOYMENT_NAME_LENGTH,
  MAX_DEPLOYMENTS_PER_PAGE,
  type DeploymentEventKind,
} from '../../api/strata-deployments.js';
import type { AccessTarget } from '../auth/access-target.js';
import type { Principal } from '../auth/principal.js';
import type { Deployment, DeploymentEvent, DeploymentStatus } from '../deployments/deployment-entities.js';
import { deploymentStatus, rollbackPlan, servedAt } from '../deployments/deployment-status.js';
import { invalidParameter, notFound, StrataError } from '../errors.js';
import { requireAccess, type GateAccess } from '../gates/gate-access.js';
import { parseModelUri } from '../model-uri.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { parseModelVersion, validateAliasName } from '../registry-validation.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { parseTimeOrAgoParameter } from '../time-parameter.js';
import type { PromoteResult } from './promote-paths.js';
import type { PromotionService } from './promotion-service.js';
import type { RegistryEventListener } from './registry-events.js';
import { requireModel, versionNotFound } from './registry-mutation.js';
import { audited, displayName, type Actor, type ServiceDeps } from './service-deps.js';

/** The request's decisions on a model (the server's RequestAccess; auth off allows everything). */
export type DeploymentAccess = GateAccess;

export interface DeploymentServiceDeps extends ServiceDeps {
  /** Receives `deployment.<kind>` inside the recording transaction (webhooks' outbox). */
  onRegistryEvent?: RegistryEventListener;
  /** Rollback moves the alias through the promotion flow. */
  promotions: Pick<PromotionService, 'promote'>;
}

export type DeploymentView = Deployment & { status: DeploymentStatus };

export interface ServedAtView {
  time: number;
  serving: Array<{ deployment: DeploymentView; version: number; since: number }>;
  versions: number[];
}

export interface RegisterDeploymentInput {
  name: string;
  environment?: string;
  endpointUrl: string;
  host: string;
  pid?: number;
  modelUri: string;
}

export interface RecordDeploymentEventInput {
  deploymentId: string;
  kind: string;
  /** Wire versions (strings or numbers), validated here. */
  fromVersion?: unknown;
  toVersion?: unknown;
  reason: string;
  message?: string;
  time?: number;
}

export interface ListDeploymentsInput {
  name?: string;
  modelName?: string;
  version?: number;
  environment?: string;
  includeStopped?: boolean;
  maxResults?: number;
}

export interface DeploymentHistoryInput {
  name?: string;
  deploymentId?: string;
  modelName?: string;
  since?: number | string;
  until?: number | string;
  maxResults?: number;
}

export interface ServedAtInput {
  modelName?: string;
  alias?: string;
  name?: string;
  time: number | string;
}

export interface RollbackInput {
  name: string;
  reason?: string;
}

export interface RollbackResult {
  modelName: string;
  alias: string;
  fromVersion: number;
  toVersion: number;
  promotion: PromoteResult;
}

const DEFAULT_ENVIRONMENT = 'default';
const MAX_LABEL_LENGTH = 256;
const MAX_URL_LENGTH = 2000;
const MAX_REASON_LENGTH = 1000;
const MAX_MESSAGE_LENGTH = 10_000;
const DEFAULT_DEPLOYMENTS_PER_PAGE = 100;
const DEFAULT_EVENTS_PER_PAGE = 1000;
/** How far back a rollback looks for the previous version (a name's switches, newest first). */
const ROLLBACK_LOOKBACK_EVENTS = 10_000;

const modelTarget = (name: string): AccessTarget => ({ kind: 'model', name });

function deploymentNotFound(deploymentId: string): StrataError {
  return notFound(`No deployment with id=${shortenForMessage(deploymentId)} exists`);
}

/** Text a person typed (a name, a label): non-empty, bounded, no control characters. */
function label(value: unknown, field: string, max = MAX_LABEL_LENGTH): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidParameter(`Missing value for required parameter '${field}'.`);
  if (value.length > max) throw invalidParameter(`${field} has at most ${max} characters; this one has ${value.length}.`);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalidParameter(`${field} must not contain control characters.`);
  return value;
}

function endpointUrl(value: unknown): string {
  const text = label(value, 'endpoint_url', MAX_URL_LENGTH);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidParameter(`endpoint_url must be an http(s) URL, got '${shortenForMessage(text)}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidParameter(`endpoint_url must be an http(s) URL, got '${shortenForMessage(text)}'.`);
  return text;
}

function pageSize(value: number | undefined, fallback: number, max: number): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) throw invalidParameter(`max_results must be between 1 and ${max}, got ${size}`);
  return size;
}

function eventKind(value: string): DeploymentEventKind {
  if (!(DEPLOYMENT_EVENT_KINDS as readonly string[]).includes(value)) {
    throw invalidParameter(`kind must be one of ${DEPLOYMENT_EVENT_KINDS.join(', ')}, got '${shortenForMessage(value)}'.`);
  }
  return value as DeploymentEventKind;
}

function optionalVersion(raw: unknown, field: string): number | null {
  return raw === undefined || raw === null || raw === '' ? null : parseModelVersion(raw, field);
}

function eventPayload(d: Deployment, e: DeploymentEvent): Record<string, unknown> {
  return {
    deploymentId: d.deploymentId, deploymentName: d.name, environment: d.environment, endpointUrl: d.endpointUrl, host: d.host,
    name: d.modelName, ...(d.alias === null ? {} : { alias: d.alias }),
    ...(e.toVersion === null ? {} : { version: e.toVersion }),
    ...(e.fromVersion === null ? {} : { fromVersion: String(e.fromVersion) }),
    reason: e.reason, ...(e.message === null ? {} : { message: e.message }), time: e.time,
  };
}

async function readableModels(access: DeploymentAccess): Promise<readonly string[] | undefined> {
  const set = await access.readable('model');
  return set.all ? undefined : set.keys;
}

export class DeploymentService {
  constructor(private readonly deps: DeploymentServiceDeps) {}

  private view(deployment: Deployment): DeploymentView {
    return { ...deployment, status: deploymentStatus(deployment, this.deps.clock.now()) };
  }

  /** An instance the caller may act on with `need`: missing and unreadable read the same. */
  private async requireDeployment(access: DeploymentAccess, deploymentId: string, need: 'viewer' | 'editor'): Promise<Deployment> {
    const deployment = await this.deps.store.findDeployment(deploymentId);
    if (!deployment || (await access.check(modelTarget(deployment.modelName), 'viewer')) !== 'allowed') throw deploymentNotFound(deploymentId);
    if (need === 'editor') {
      await requireAccess(access, modelTarget(deployment.modelName), 'editor', `Recording deployment events needs the editor role on model '${deployment.modelName}'.`);
    }
    return deployment;
  }

  async register(access: DeploymentAccess, principal: Principal, actor: Actor, input: RegisterDeploymentInput): Promise<DeploymentView> {
    const name = label(input.name, 'name', MAX_DEPLOYMENT_NAME_LENGTH);
    const environment = input.environment === undefined || input.environment === '' ? DEFAULT_ENVIRONMENT : label(input.environment, 'environment');
    const url = endpointUrl(input.endpointUrl);
    const host = label(input.host, 'host');
    if (input.pid !== undefined && (!Number.isSafeInteger(input.pid) || input.pid < 0)) throw invalidParameter(`pid must be a non-negative integer, got ${input.pid}.`);
    const modelUri = label(input.modelUri, 'model_uri', MAX_URL_LENGTH);
    const uri = parseModelUri(modelUri);
    if (uri.kind === 'alias') validateAliasName(uri.alias);
    await requireAccess(access, modelTarget(uri.name), 'editor', `Registering a deployment needs the editor role on model '${uri.name}'.`);
    const deployment: Deployment = {
      deploymentId: globalThis.crypto.randomUUID().replaceAll('-', ''),
      name, environment, endpointUrl: url, host, pid: input.pid ?? null, modelUri, modelName: uri.name,
      alias: uri.kind === 'alias' ? uri.alias : null,
      currentVersion: null, startedTime: 0, lastHeartbeatTime: 0, stoppedTime: null,
      registeredBy: principal.kind === 'user' ? principal.username : displayName(actor),
    };
    return this.view(await audited(
      this.deps,
      async (tx, time) => {
        await requireModel(tx, uri.name);
        const stored = { ...deployment, startedTime: time, lastHeartbeatTime: time };
        await tx.insertDeployment(stored);
        return stored;
      },
      (d) => ({
        actor, action: 'deployment.register', entityType: 'deployment', entityId: d.deploymentId,
        summary: { name: d.name, environment: d.environment, model_uri: d.modelUri, endpoint_url: d.endpointUrl, host: d.host },
      }),
    ));
  }

  /** A sign of life; not audited (one every ten seconds per instance would drown the log). */
  async heartbeat(access: DeploymentAccess, deploymentId: string): Promise<DeploymentView> {
    const deployment = await this.requireDeployment(access, deploymentId, 'editor');
    if (deployment.stoppedTime !== null) throw this.stopped(deployment);
    if (!(await this.deps.store.touchDeployment(deploymentId, this.deps.clock.now()))) throw this.stopped(deployment);
    const updated = await this.deps.store.findDeployment(deploymentId);
    return this.view(updated ?? deployment);
  }

  private stopped(d: Deployment): StrataError {
    const when = d.stoppedTime === null ? '' : ` at ${new Date(d.stoppedTime).toISOString()}`;
    return invalidParameter(`Deployment ${d.deploymentId} ('${shortenForMessage(d.name)}') stopped${when}; a stopped instance takes no more events. Register a new one.`);
  }

  async recordEvent(access: DeploymentAccess, actor: Actor, input: RecordDeploymentEventInput): Promise<{ event: DeploymentEvent; deployment: DeploymentView }> {
    const kind = eventKind(input.kind);
    const fromVersion = optionalVersion(input.fromVersion, 'from_version');
    const toVersion = optionalVersion(input.toVersion, 'to_version');
    if ((kind === 'started' || kind === 'switched') && toVersion === null) throw invalidParameter(`A '${kind}' event needs to_version: the version served from now on.`);
    const reason = label(input.reason, 'reason', MAX_REASON_LENGTH);
    if (input.message !== undefined && input.message.length > MAX_MESSAGE_LENGTH) throw invalidParameter(`message has at most ${MAX_MESSAGE_LENGTH} characters.`);
    if (input.time !== undefined && (!Number.isSafeInteger(input.time) || input.time < 0)) throw invalidParameter(`time must be milliseconds since the epoch, got ${input.time}.`);
    const found = await this.requireDeployment(access, input.deploymentId, 'editor');
    const recorded = await audited(
      this.deps,
      async (tx: MetadataRepository, now: number) => {
        // Read again inside the transaction for a clear refusal; the write itself is conditioned on the instance running.
        const d = (await tx.findDeployment(found.deploymentId)) ?? found;
        if (d.stoppedTime !== null) throw this.stopped(d);
        if (toVersion !== null && (kind === 'started' || kind === 'switched') && !(await tx.findModelVersion(d.modelName, toVersion))) {
          throw versionNotFound(d.modelName, toVersion);
        }
        const time = input.time ?? now;
        const event: DeploymentEvent = {
          eventId: globalThis.crypto.randomUUID().replaceAll('-', ''),
          deploymentId: d.deploymentId, deploymentName: d.name, modelName: d.modelName, alias: d.alias, kind, time,
          fromVersion, toVersion, reason, message: input.message ?? null,
        };
        const stored = await tx.insertDeploymentEvent(event, {
          heartbeatTime: now,
          ...(kind === 'started' || kind === 'switched' ? { currentVersion: toVersion as number } : {}),
          ...(kind === 'stopped' ? { stoppedTime: time } : {}),
        });
        if (!stored) throw this.stopped((await tx.findDeployment(d.deploymentId)) ?? d);
        const after = (await tx.findDeployment(d.deploymentId)) ?? d;
        await this.deps.onRegistryEvent?.(tx, [{ type: `deployment.${kind}`, payload: eventPayload(after, event), actor: displayName(actor), time: now }]);
        return { event, deployment: after };
      },
      ({ event, deployment }) => ({
        actor, action: `deployment.${kind}`, entityType: 'deployment', entityId: deployment.deploymentId,
        summary: {
          name: deployment.name, model_name: deployment.modelName, ...(deployment.alias === null ? {} : { alias: deployment.alias }),
          ...(event.fromVersion === null ? {} : { from_version: event.fromVersion }), ...(event.toVersion === null ? {} : { to_version: event.toVersion }),
          reason: event.reason, event_id: event.eventId, event_time: event.time,
        },
      }),
    );
    return { event: recorded.event, deployment: this.view(recorded.deployment) };
  }

  async get(access: DeploymentAccess, deploymentId: string): Promise<DeploymentView> {
    return this.view(await this.requireDeployment(access, deploymentId, 'viewer'));
  }

  /** Most recently started first; instances of models the caller may not read are left out. */
  async list(access: DeploymentAccess, input: ListDeploymentsInput): Promise<DeploymentView[]> {
    const maxResults = pageSize(input.maxResults, DEFAULT_DEPLOYMENTS_PER_PAGE, MAX_DEPLOYMENTS_PER_PAGE);
    if (input.version !== undefined && input.modelName === undefined) throw invalidParameter('version needs model_name: the registered model the version belongs to.');
    const onlyModels = await readableModels(access);
    const rows = await this.deps.store.listDeployments({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.modelName === undefined ? {} : { modelName: input.modelName }),
      ...(input.version === undefined ? {} : { version: input.version }),
      ...(input.environment === undefined ? {} : { environment: input.environment }),
      includeStopped: input.includeStopped === true,
      ...(onlyModels === undefined ? {} : { onlyModels }),
      maxResults,
    });
    return rows.map((d) => this.view(d));
  }

  /** Events newest first, of a name, an instance or a model, within [since, until]. */
  async history(access: DeploymentAccess, input: DeploymentHistoryInput): Promise<DeploymentEvent[]> {
    const maxResults = pageSize(input.maxResults, DEFAULT_EVENTS_PER_PAGE, MAX_DEPLOYMENT_EVENTS_PER_PAGE);
    if (input.name === undefined && input.deploymentId === undefined && input.modelName === undefined) {
      throw invalidParameter('Give name, deployment_id or model_name to read deployment history.');
    }
    const now = this.deps.clock.now();
    const since = input.since === undefined ? undefined : parseTimeOrAgoParameter(input.since, 'since', now);
    const until = input.until === undefined ? undefined : parseTimeOrAgoParameter(input.until, 'until', now);
    if (input.deploymentId !== undefined) await this.requireDeployment(access, input.deploymentId, 'viewer');
    const onlyModels = await readableModels(access);
    return this.deps.store.listDeploymentEvents({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.deploymentId === undefined ? {} : { deploymentId: input.deploymentId }),
      ...(input.modelName === undefined ? {} : { modelName: input.modelName }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(onlyModels === undefined ? {} : { onlyModels }),
      maxResults,
    });
  }

  /** Every instance serving at `time` (model and alias, or name) and its version then. */
  async servedAt(access: DeploymentAccess, input: ServedAtInput): Promise<ServedAtView> {
    const time = parseTimeOrAgoParameter(input.time, 'time', this.deps.clock.now());
    const byModel = input.modelName !== undefined && input.modelName !== '';
    const byName = input.name !== undefined && input.name !== '';
    if (byModel === byName) throw invalidParameter('Give model_name and alias, or name (a deployment name), not both.');
    if (byModel && (input.alias === undefined || input.alias === '')) throw invalidParameter('model_name needs alias: what served `production` is asked of an alias.');
    const onlyModels = await readableModels(access);
    const candidates = await this.deps.store.listDeploymentsAt({
      time, ...(onlyModels === undefined ? {} : { onlyModels }),
      ...(byModel ? { modelName: input.modelName as string, alias: input.alias as string } : { name: input.name as string }),
    });
    const answer = servedAt(candidates, time);
    return { ...answer, serving: answer.serving.map((s) => ({ ...s, deployment: this.view(s.deployment) })) };
  }

  /**
   * Moves the alias a deployment name follows back to the version its instances served before
   * the current one, through PromotionService.promote with the caller's own rights: an
   * unprotected alias moves, a protected one opens a request (or applies under an auto rule).
   * The rollback's own audit event commits in the promotion's transaction.
   */
  async rollback(access: DeploymentAccess, principal: Principal, actor: Actor, input: RollbackInput): Promise<RollbackResult> {
    const name = label(input.name, 'name', MAX_DEPLOYMENT_NAME_LENGTH);
    const onlyModels = await readableModels(access);
    const [latest] = await this.deps.store.listDeployments({ name, includeStopped: true, ...(onlyModels === undefined ? {} : { onlyModels }), maxResults: 1 });
    if (!latest) throw notFound(`No deployment named '${shortenForMessage(name)}' exists`);
    await requireAccess(access, modelTarget(latest.modelName), 'editor', `Rolling back needs the editor role on model '${latest.modelName}' (it moves its alias).`);
    if (latest.alias === null) {
      throw invalidParameter(`Deployment '${name}' follows no alias (it was started with ${latest.modelUri}); there is no alias to move back. Start it on the version you want instead.`);
    }
    const alias = latest.alias;
    const events = (await this.deps.store.listDeploymentEvents({ name, kinds: ['started', 'switched'], maxResults: ROLLBACK_LOOKBACK_EVENTS }))
      .filter((e) => e.modelName === latest.modelName && e.alias === alias);
    const plan = rollbackPlan(events);
    if (plan.kind === 'none') {
      throw invalidParameter(plan.current === null
        ? `Deployment '${name}' has not served any version yet; there is nothing to roll back.`
        : `Deployment '${name}' has served only version ${plan.current} of '${latest.modelName}'; there is no earlier version to roll back to.`);
    }
    const reason = input.reason?.trim() || `roll back deployment '${name}' from version ${plan.current} to ${plan.target}`;
    const promotion = await this.deps.promotions.promote(principal, actor, {
      modelName: latest.modelName, alias, version: plan.target, reason,
      alsoAudit: [{
        action: 'deployment.rollback', entityType: 'deployment', entityId: latest.deploymentId,
        summary: { name, model_name: latest.modelName, alias, from_version: plan.current, to_version: plan.target, reason },
      }],
    });
    return { modelName: latest.modelName, alias, fromVersion: plan.current, toVersion: plan.target, promotion };
  }
}

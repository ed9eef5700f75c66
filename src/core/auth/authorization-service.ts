/**
 * Who may do what: roles come from grants to the user, grants to its groups and the server's
 * default role for signed-in users, whichever is highest (a union: a grant can widen access,
 * never narrow it below the default). Admins may do everything; an API token's scope caps
 * whatever its owner holds. The route table states what each route needs
 * (src/server/auth/route-permission.ts); this service answers for one principal and target.
 */
import { invalidParameter, StrataError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Grant, GrantResource, GrantResourceType, Grantee, GranteeType, ReadableSet } from '../ports/grant-repository.js';

export type { ReadableSet } from '../ports/grant-repository.js';
import type { MetadataRepository, MetadataStore } from '../ports/metadata-store.js';
import type { AccessTarget } from './access-target.js';
import { actorOf, ROLES, roleIncludes, type Principal, type Role, type TokenScope, type UserPrincipal } from './principal.js';

/** The role every signed-in user holds on everything; `none`: only what is granted. */
export type DefaultRole = Role | 'none';

export const DEFAULT_ROLE_CHOICES: readonly DefaultRole[] = ['none', ...ROLES];

/** MLflow's auth plugin gives every user READ by default: Strata does the same unless told otherwise. */
export const DEFAULT_DEFAULT_ROLE: DefaultRole = 'viewer';

export function parseDefaultRole(value: string): DefaultRole {
  const role = DEFAULT_ROLE_CHOICES.find((choice) => choice === value);
  if (role === undefined) throw invalidParameter(`The default permission must be one of ${DEFAULT_ROLE_CHOICES.join(', ')}; got '${value}'.`);
  return role;
}

/** Grant changes are audited like every other change (creators' own grants ride on the creation's event). */
export const PERMISSION_AUDIT_ACTIONS = ['permission.grant', 'permission.revoke', 'permission.set_auditor'] as const;
type PermissionAuditAction = (typeof PERMISSION_AUDIT_ACTIONS)[number];

/** The audit log's entity for a grant's resource: the same types the resource's own events use. */
const AUDIT_ENTITY_TYPE: Record<GrantResourceType, string> = {
  experiment: 'experiment',
  model: 'registered_model',
  dataset: 'dataset',
  webhook: 'webhook',
};

/** What a check found: go on, answer as if the target did not exist, or refuse with 403. */
export type AccessDecision = 'allowed' | 'hidden' | 'denied';

/** What the caller needs at least on a target. */
export type Need = Role;

export interface AuthorizationDeps {
  store: MetadataStore;
  clock: Clock;
  defaultRole: DefaultRole;
  /**
   * How long this replica may answer from grants it read on experiments (default and at most
   * 1 s; 0: read them on every check). See GrantCache.
   */
  grantFreshnessMs?: number;
}

/** The longest a grant read on one replica is trusted: a revoked grant stops working within it everywhere. */
export const MAX_GRANT_FRESHNESS_MS = 1_000;

export function granteesOf(principal: UserPrincipal): Grantee[] {
  return [{ type: 'user', name: principal.username }, ...principal.groups.map((name) => ({ type: 'group' as const, name }))];
}

/** The token scope an operation needing `need` requires: reads, writes, or management. */
export function scopeFor(need: Role | 'admin'): TokenScope {
  if (need === 'viewer') return 'read';
  return need === 'editor' ? 'write' : 'admin';
}

const SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

/** True when the principal's token (if it came with one) allows operations of `scope`. */
export function scopeAllows(principal: UserPrincipal, scope: TokenScope): boolean {
  if (principal.via !== 'token' || principal.scope === undefined) return true;
  return SCOPES.indexOf(principal.scope) >= SCOPES.indexOf(scope);
}

function highest(roles: Iterable<Role>): Role | undefined {
  let best: Role | undefined;
  for (const role of roles) if (best === undefined || roleIncludes(role, best)) best = role;
  return best;
}

/**
 * Run id → experiment id, remembered: a run never moves to another experiment, and log-batch
 * would otherwise look its run up twice per request. A purged run stays here harmlessly: its
 * routes answer RESOURCE_DOES_NOT_EXIST whatever the check decides.
 */
class RunExperiments {
  private readonly known = new Map<string, string>();
  constructor(private readonly capacity = 100_000) {}
  async of(repo: MetadataRepository, runId: string): Promise<string | undefined> {
    const cached = this.known.get(runId);
    if (cached !== undefined) return cached;
    const info = await repo.findRunInfo(runId);
    if (info === undefined) return undefined;
    // Oldest first out: a Map iterates in insertion order.
    if (this.known.size >= this.capacity) this.known.delete(this.known.keys().next().value ?? '');
    this.known.set(runId, info.experimentId);
    return info.experimentId;
  }
}

/**
 * The caller's grants on experiments, as this replica last read them, for at most `ttlMs`: a
 * run's every log-batch and search would otherwise read the same grants again. Only ever used to
 * ALLOW: a check the cached grants would refuse, or a search naming an experiment missing from
 * the cached readable set, reads the database again, so a new grant (an experiment just created
 * on another replica, say) is seen at once and only a revocation can lag, by at most `ttlMs`,
 * on every replica (as a revoked token does). Experiments only: their ids are never reused,
 * while a model or dataset deleted and created again under its name must not inherit grants.
 * Concurrent reads of one key share one query (the promise is cached).
 */
class GrantCache {
  private readonly entries = new Map<string, { grants: Promise<Grant[]>; expires: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The cached grants, or undefined when they were never read or are too old. */
  get(key: string): Promise<Grant[]> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > this.now()) return entry.grants;
    this.entries.delete(key);
    return undefined;
  }

  /** Reads afresh and remembers what was read. */
  read(key: string, load: () => Promise<Grant[]>): Promise<Grant[]> {
    const grants = load();
    if (!this.enabled) return grants;
    this.entries.delete(key);
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value ?? '');
    const expires = this.now() + this.ttlMs;
    this.entries.set(key, { grants, expires });
    grants.catch(() => this.entries.delete(key));
    return grants;
  }

  /** A grant changed on this replica: it holds here from the next request. */
  clear(): void {
    this.entries.clear();
  }
}

function cacheKey(principal: UserPrincipal, type: GrantResourceType, key?: string): string {
  return `${type}\u0000${key ?? '\u0001'}\u0000${principal.username}\u0000${principal.groups.join('\u0000')}`;
}

/** A located resource as grants name it, or undefined when it does not exist. */
async function resourceOf(repo: MetadataRepository, target: AccessTarget, runs: RunExperiments): Promise<GrantResource | undefined> {
  switch (target.kind) {
    case 'experiment':
      return (await repo.findExperiment(target.id)) ? { type: 'experiment', key: target.id } : undefined;
    case 'artifact':
      // The file itself may well be missing (an upload creates it): the experiment decides.
      return (await repo.findExperiment(target.experimentId)) ? { type: 'experiment', key: target.experimentId } : undefined;
    case 'experiment-name': {
      const experiment = await repo.findExperimentByName(target.name);
      return experiment ? { type: 'experiment', key: experiment.experimentId } : undefined;
    }
    case 'run': {
      const experimentId = await runs.of(repo, target.runId);
      return experimentId === undefined ? undefined : { type: 'experiment', key: experimentId };
    }
    case 'view': {
      const view = await repo.findSavedView(target.viewId);
      return view ? { type: 'experiment', key: view.experimentId } : undefined;
    }
    case 'model':
      return (await repo.findRegisteredModel(target.name)) ? { type: 'model', key: target.name } : undefined;
    case 'dataset':
      return (await repo.findRegisteredDataset(target.name)) ? { type: 'dataset', key: target.name } : undefined;
    case 'webhook':
      return (await repo.findWebhook(target.id)) ? { type: 'webhook', key: target.id } : undefined;
  }
}

export class AuthorizationService {
  private readonly runs = new RunExperiments();
  private readonly grants: GrantCache;

  constructor(private readonly deps: AuthorizationDeps) {
    const freshness = deps.grantFreshnessMs ?? MAX_GRANT_FRESHNESS_MS;
    if (!(freshness >= 0 && freshness <= MAX_GRANT_FRESHNESS_MS)) {
      throw invalidParameter(`Grants may be trusted for 0 to ${MAX_GRANT_FRESHNESS_MS} ms; got ${freshness}.`);
    }
    this.grants = new GrantCache(freshness, () => deps.clock.now());
  }

  get defaultRole(): DefaultRole {
    return this.deps.defaultRole;
  }

  /** The highest role the principal holds on a resource, or undefined for none. */
  async roleOn(principal: UserPrincipal, resource: GrantResource): Promise<Role | undefined> {
    return this.roleFrom(principal, resource, await this.readGrants(principal, resource));
  }

  private roleFrom(principal: UserPrincipal, resource: GrantResource, grants: readonly Grant[]): Role | undefined {
    if (principal.admin) return 'manager';
    const roles = grants.map((g) => g.role);
    // Webhooks carry secrets and see every model's events: no default role reaches them.
    if (this.deps.defaultRole !== 'none' && resource.type !== 'webhook') roles.push(this.deps.defaultRole);
    return highest(roles);
  }

  private readGrants(principal: UserPrincipal, resource: GrantResource): Promise<Grant[]> {
    const load = () => this.deps.store.grantsHeldBy(granteesOf(principal), resource.type, resource.key);
    return resource.type === 'experiment' ? this.grants.read(cacheKey(principal, resource.type, resource.key), load) : load();
  }

  /** The role from grants this replica read lately, if any: only ever trusted to allow. */
  private async cachedRole(principal: UserPrincipal, resource: GrantResource): Promise<Role | undefined> {
    if (principal.admin || resource.type !== 'experiment') return undefined;
    const grants = this.grants.get(cacheKey(principal, resource.type, resource.key));
    return grants === undefined ? undefined : this.roleFrom(principal, resource, await grants);
  }

  /**
   * Whether the principal may act with `need` on the target. A target that does not exist is
   * allowed through: the route answers its own RESOURCE_DOES_NOT_EXIST, which is exactly what
   * a caller who may not read an existing one gets ('hidden').
   */
  async check(principal: Principal, target: AccessTarget, need: Need): Promise<AccessDecision> {
    if (principal.kind === 'open') return 'allowed';
    // Authentication lets anonymous callers reach public routes only; anything else stays hidden.
    if (principal.kind === 'anonymous') return 'hidden';
    if (!scopeAllows(principal, scopeFor(need))) return 'denied';
    if (principal.admin) return 'allowed';
    const resource = await resourceOf(this.deps.store, target, this.runs);
    if (resource === undefined) {
      // Artifact paths outside any experiment (the root, custom locations) are the admins' alone.
      if (target.kind === 'artifact') return need === 'viewer' ? 'hidden' : 'denied';
      return 'allowed';
    }
    const cached = await this.cachedRole(principal, resource);
    if (cached !== undefined && roleIncludes(cached, need)) return 'allowed';
    const role = await this.roleOn(principal, resource);
    if (role === undefined) return 'hidden';
    return roleIncludes(role, need) ? 'allowed' : 'denied';
  }

  /** Everything of a type the principal may read, read afresh (listings: a new grant shows at once). */
  async readable(principal: Principal, type: GrantResourceType): Promise<ReadableSet> {
    if (principal.kind === 'anonymous') return { all: false, keys: [] };
    if (principal.kind === 'open' || principal.admin) return { all: true };
    if (this.deps.defaultRole !== 'none' && type !== 'webhook') return { all: true };
    return keysOf(await this.readReadable(principal, type));
  }

  /**
   * Which of `ids` (experiments a search names) the principal may read, in their order. The
   * readable set this replica read lately answers when it holds every id; any id it lacks (a
   * grant newer than it, or no grant at all) has the set read again.
   */
  async readableExperiments(principal: Principal, ids: readonly string[]): Promise<string[]> {
    if (principal.kind === 'anonymous') return [];
    if (principal.kind === 'open' || principal.admin || this.deps.defaultRole !== 'none') return [...ids];
    const cached = this.grants.get(cacheKey(principal, 'experiment'));
    if (cached !== undefined) {
      const keys = new Set((await cached).map((g) => g.resource.key));
      if (ids.every((id) => keys.has(id))) return [...ids];
    }
    const fresh = keysOf(await this.readReadable(principal, 'experiment'));
    const keys = new Set(fresh.all ? ids : fresh.keys);
    return ids.filter((id) => keys.has(id));
  }

  private readReadable(principal: UserPrincipal, type: GrantResourceType): Promise<Grant[]> {
    const load = () => this.deps.store.grantsHeldBy(granteesOf(principal), type);
    return type === 'experiment' ? this.grants.read(cacheKey(principal, type), load) : load();
  }

  /** May read the whole audit log: admins and holders of the server-wide auditor right. */
  async isAuditor(principal: Principal): Promise<boolean> {
    if (principal.kind === 'anonymous') return false;
    if (principal.kind === 'open' || principal.admin) return true;
    return this.deps.store.hasServerRight(granteesOf(principal), 'auditor');
  }

  /** The creator of a resource manages it (MLflow's auth plugin does the same); `repo` may be a transaction. */
  async grantCreator(principal: Principal, resource: GrantResource, repo: MetadataRepository = this.deps.store): Promise<void> {
    if (principal.kind !== 'user') return;
    this.grants.clear();
    await repo.putGrant({
      resource,
      grantee: { type: 'user', name: principal.username },
      role: 'manager',
      grantedBy: principal.username,
      grantedTime: this.deps.clock.now(),
    });
  }

  /** What one user holds directly (not through groups): MLflow's users/get lists these. */
  async grantsOfUser(username: string): Promise<{ experiments: Grant[]; models: Grant[] }> {
    const grantee: Grantee[] = [{ type: 'user', name: username }];
    const [experiments, models] = await Promise.all([
      this.deps.store.grantsHeldBy(grantee, 'experiment'),
      this.deps.store.grantsHeldBy(grantee, 'model'),
    ]);
    return { experiments, models };
  }

  /** A user's id for MLflow's `user_id` fields; grants name users, so a name with no user row stands for itself. */
  async userIdOf(username: string): Promise<string> {
    return (await this.findUserId(username)) ?? username;
  }

  /** The id of the user with that name, or undefined when there is none. */
  async findUserId(username: string): Promise<string | undefined> {
    return (await this.deps.store.findUserByName(username))?.userId;
  }

  listGrants(resource: GrantResource): Promise<Grant[]> {
    return this.deps.store.listGrants(resource);
  }

  async findGrant(resource: GrantResource, grantee: Grantee): Promise<Grant | undefined> {
    const grants = await this.deps.store.listGrants(resource);
    return grants.find((g) => g.grantee.type === grantee.type && g.grantee.name === grantee.name);
  }

  /**
   * Gives `grantee` the role on the resource. The granter must manage the resource and cannot
   * give more than it holds; only admins grant to groups (a group's reach is the admins' to judge).
   */
  async grant(granter: Principal, resource: GrantResource, grantee: Grantee, role: Role): Promise<Grant> {
    await this.requireMayGrant(granter, resource, grantee, role);
    const grant: Grant = { resource, grantee, role, grantedBy: granterName(granter), grantedTime: this.deps.clock.now() };
    await this.deps.store.transaction(async (tx) => {
      await tx.putGrant(grant);
      await this.audit(tx, granter, 'permission.grant', resource, grant.grantedTime, { ...granteeSummary(grantee), role });
    });
    this.grants.clear();
    return grant;
  }

  /** False when the grantee held nothing there. Same rules as granting. */
  async revoke(granter: Principal, resource: GrantResource, grantee: Grantee): Promise<boolean> {
    await this.requireMayGrant(granter, resource, grantee, 'viewer');
    const revoked = await this.deps.store.transaction(async (tx) => {
      const deleted = await tx.deleteGrant(resource, grantee);
      if (deleted) await this.audit(tx, granter, 'permission.revoke', resource, this.deps.clock.now(), granteeSummary(grantee));
      return deleted;
    });
    // Revoked on this replica: refused here from the next request (elsewhere within the freshness).
    this.grants.clear();
    return revoked;
  }

  async setAuditor(granter: Principal, grantee: Grantee, held: boolean): Promise<void> {
    if (granter.kind === 'user' && !granter.admin) throw permissionDenied('Only admins grant the auditor right.');
    await this.deps.store.transaction(async (tx) => {
      await tx.setServerRight(grantee, 'auditor', held);
      // A server-wide event: only auditors see it.
      await tx.appendAuditEvent({
        actor: actorOf(granter), action: 'permission.set_auditor', entityType: 'server', entityId: 'auditor',
        summary: { ...granteeSummary(grantee), auditor: held }, time: this.deps.clock.now(),
      });
    });
  }

  private async audit(
    tx: MetadataRepository,
    granter: Principal,
    action: PermissionAuditAction,
    resource: GrantResource,
    time: number,
    summary: Record<string, unknown>,
  ): Promise<void> {
    await tx.appendAuditEvent({ actor: actorOf(granter), action, entityType: AUDIT_ENTITY_TYPE[resource.type], entityId: resource.key, summary, time });
  }

  private async requireMayGrant(granter: Principal, resource: GrantResource, grantee: Grantee, role: Role): Promise<void> {
    if (granter.kind === 'anonymous') throw permissionDenied('Sign in to manage permissions.');
    if (granter.kind === 'open' || granter.admin) return;
    if (grantee.type === 'group') throw permissionDenied('Only admins grant permissions to groups.');
    const held = await this.roleOn(granter, resource);
    if (held === undefined || !roleIncludes(held, 'manager')) {
      throw permissionDenied(`Managing permissions on ${describe(resource)} needs the manager role.`);
    }
    if (!roleIncludes(held, role)) throw permissionDenied(`You cannot grant ${role}: you hold ${held} on ${describe(resource)}.`);
  }
}

export function permissionDenied(message: string): StrataError {
  return new StrataError('PERMISSION_DENIED', message);
}

function keysOf(grants: readonly Grant[]): ReadableSet {
  return { all: false, keys: [...new Set(grants.map((g) => g.resource.key))] };
}

function granteeSummary(grantee: Grantee): Record<string, unknown> {
  return { principal_type: grantee.type, principal_name: grantee.name };
}

function granterName(principal: Principal): string {
  return principal.kind === 'user' ? principal.username : 'anonymous';
}

function describe(resource: GrantResource): string {
  return `${resource.type} '${resource.key}'`;
}

export function parseGranteeType(value: string): GranteeType {
  if (value === 'user' || value === 'group') return value;
  throw invalidParameter(`principal_type must be 'user' or 'group'; got '${value.slice(0, 40)}'.`);
}

/**
 * One request's view of authorization: the principal's decisions, asked of the
 * AuthorizationService once per target and remembered for the rest of the request (a log-batch
 * checks its run once; a search asks for its readable set once). Handlers that filter lists
 * read `readable(type)` from their ApiContext.
 */
import type { AccessTarget } from '../../core/auth/access-target.js';
import type { AccessDecision, AuthorizationService, Need, ReadableSet } from '../../core/auth/authorization-service.js';
import type { Principal } from '../../core/auth/principal.js';
import type { GrantResource, GrantResourceType } from '../../core/ports/grant-repository.js';

const ALL: ReadableSet = { all: true };

/**
 * The ids of a search the caller may read, in their order: the others are dropped, so they
 * match nothing, exactly as ids of experiments that do not exist.
 */
export function readableExperimentIds(access: RequestAccess, ids: string[]): Promise<string[]> {
  return access.readableExperiments(ids);
}

export interface RequestAccess {
  check(target: AccessTarget, need: Need): Promise<AccessDecision>;
  readable(type: GrantResourceType): Promise<ReadableSet>;
  /** Which of these experiment ids the caller may read, in their order (AuthorizationService.readableExperiments). */
  readableExperiments(ids: readonly string[]): Promise<string[]>;
  /** True when the caller may read the whole audit log. */
  isAuditor(): Promise<boolean>;
  /** After a creation: the creator manages what it made (nothing when auth is off). */
  grantCreator(resource: GrantResource): Promise<void>;
}

/** Auth off (no AuthorizationService, or the open principal): everything is allowed and readable. */
export const OPEN_ACCESS: RequestAccess = {
  check: async () => 'allowed',
  readable: async () => ALL,
  readableExperiments: async (ids) => [...ids],
  isAuditor: async () => true,
  grantCreator: async () => {},
};

export function requestAccess(service: AuthorizationService | undefined, principal: Principal): RequestAccess {
  if (service === undefined || principal.kind === 'open') return OPEN_ACCESS;
  const decisions = new Map<string, Promise<AccessDecision>>();
  const readable = new Map<GrantResourceType, Promise<ReadableSet>>();
  let auditor: Promise<boolean> | undefined;
  return {
    check(target, need) {
      const key = `${need}\u0000${JSON.stringify(target)}`;
      let decision = decisions.get(key);
      if (decision === undefined) decisions.set(key, (decision = service.check(principal, target, need)));
      return decision;
    },
    readable(type) {
      let set = readable.get(type);
      if (set === undefined) readable.set(type, (set = service.readable(principal, type)));
      return set;
    },
    readableExperiments(ids) {
      return service.readableExperiments(principal, ids);
    },
    isAuditor() {
      return (auditor ??= service.isAuditor(principal));
    },
    grantCreator(resource) {
      return service.grantCreator(principal, resource);
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the permission check (check-permission.ts) before the handler runs. */
    access: RequestAccess;
  }
}

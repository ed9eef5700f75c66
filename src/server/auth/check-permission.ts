/**
 * The one permission check: a preHandler on every route of the table (mount-route-table.ts)
 * evaluating the route's RoutePermission for `request.principal`. A resource the caller may not
 * read is answered exactly as a missing one (the same 404 and message, or an empty listing);
 * one it may read but not change is answered 403 PERMISSION_DENIED.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFoundFor, type AccessTarget } from '../../core/auth/access-target.js';
import { permissionDenied, scopeAllows, type AuthorizationService } from '../../core/auth/authorization-service.js';
import type { Role, TokenScope } from '../../core/auth/principal.js';
import type { RouteEntry } from '../routes/route-entry.js';
import { applyAuthFailureHeaders, credentialsRequired } from './auth-failure.js';
import { locateNamedResource, locateTargets } from './locate-targets.js';
import { requestAccess, type RequestAccess } from './request-access.js';

/** Resolves with the reply when it answered itself (an empty listing), else with nothing. */
export type PermissionCheck = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

function requireScope(request: FastifyRequest, scope: TokenScope): void {
  const principal = request.principal;
  if (principal.kind === 'user' && !scopeAllows(principal, scope)) {
    throw permissionDenied(`This token's scope (${principal.scope ?? 'none'}) does not allow this operation.`);
  }
}

export function permissionCheck(service: AuthorizationService | undefined, route: RouteEntry): PermissionCheck {
  const permission = route.permission;
  return async (request, reply) => {
    const access = requestAccess(service, request.principal);
    request.access = access;
    const principal = request.principal;
    if (principal.kind === 'open' || service === undefined) return;
    // Authentication already admits anonymous callers to public routes only; this keeps it so.
    if (principal.kind === 'anonymous') {
      if (permission.kind === 'public') return;
      const failure = credentialsRequired(request);
      applyAuthFailureHeaders(reply, failure);
      throw failure;
    }
    switch (permission.kind) {
      case 'public':
        return;
      case 'signed-in':
        requireScope(request, permission.scope);
        return;
      case 'filtered':
        requireScope(request, 'read');
        return;
      case 'admin':
        requireScope(request, 'admin');
        if (!principal.admin) throw permissionDenied('Only server admins may do this.');
        return;
      default:
        break;
    }
    if (permission.kind === 'named-resource') return requireRole(access, locateNamedResource(request), permission.role, reply);
    for (const required of permission.kind === 'all' ? permission.of : [permission]) {
      const answered = await requireRole(access, locateTargets(required, request), required.role, reply, required.hiddenAs);
      if (answered) return answered;
    }
    return undefined;
  };
}

/** Checks `role` on every target; throws the target's 404 or a 403, or answers an empty listing itself. */
async function requireRole(
  access: RequestAccess,
  targets: readonly AccessTarget[],
  role: Role,
  reply: FastifyReply,
  hiddenAs?: 'empty-listing',
): Promise<FastifyReply | undefined> {
  for (const target of targets) {
    const decision = await access.check(target, role);
    if (decision === 'allowed') continue;
    if (decision === 'denied') throw permissionDenied(`You need the ${role} role on this ${target.kind} to do this.`);
    if (hiddenAs === 'empty-listing') {
      await reply.type('application/json').send('{}');
      return reply;
    }
    throw notFoundFor(target);
  }
  return undefined;
}

/**
 * Who may approve or reject a promotion request: a verified user (never the open principal of
 * a server without authentication), with a token that may write, listed by the rule as a user
 * or through one of their groups, and not the requester unless the rule allows it. Admins are
 * not implicit approvers: separation of duties is the point of the rule (an admin changes the
 * policy instead, and that change is audited).
 */
import type { Principal, UserPrincipal } from '../auth/principal.js';
import { StrataError } from '../errors.js';
import type { PromotionRequest } from './promotion-entities.js';

const denied = (message: string) => new StrataError('PERMISSION_DENIED', message);

function listed(request: PromotionRequest): string {
  const { users, groups } = request.rule.approvers;
  const parts = [users.length > 0 ? `users ${users.join(', ')}` : '', groups.length > 0 ? `groups ${groups.join(', ')}` : ''];
  return parts.filter((p) => p !== '').join(' and ');
}

/** The approving user, or PERMISSION_DENIED saying why this principal cannot decide on the request. */
export function requireEligibleApprover(principal: Principal, request: PromotionRequest): UserPrincipal {
  const target = `${request.modelName}@${request.alias}`;
  if (principal.kind !== 'user') {
    throw denied(
      `Approving or rejecting a promotion needs a signed-in user, and this request is not authenticated ` +
        `(authentication is off on this server, so nobody can approve promotions of ${target}).`,
    );
  }
  if (principal.scope === 'read') throw denied('A read-scope token cannot approve or reject promotions; use a token with write scope.');
  if (!request.rule.allowSelfApproval && principal.username === request.requestedBy) {
    throw denied(`${principal.username} requested this promotion and the policy of ${target} does not let a requester approve or reject their own request.`);
  }
  const { users, groups } = request.rule.approvers;
  if (!users.includes(principal.username) && !groups.some((group) => principal.groups.includes(group))) {
    throw denied(`${principal.username} is not an approver of ${target}: its policy names ${listed(request)}.`);
  }
  return principal;
}

/** Approvals that count: votes to approve (each approver votes once; the store keys votes by approver). */
export function countApprovals(request: PromotionRequest): number {
  return request.votes.filter((vote) => vote.decision === 'approve').length;
}

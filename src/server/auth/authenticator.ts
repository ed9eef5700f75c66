/**
 * The port between HTTP and identities: an Authenticator turns a request's credentials into a
 * Principal. createApp runs it once per request (an onRequest hook) and puts the result on
 * `request.principal`; routes and the permission check read it from there, never from headers.
 * With no users (auth off), the open authenticator answers for everyone.
 */
import type { FastifyRequest } from 'fastify';
import { OPEN_PRINCIPAL, type Principal } from '../../core/auth/principal.js';
import { claimedUserName } from '../actor.js';

export interface Authenticator {
  /**
   * Who sent `request`. Throws StrataError UNAUTHENTICATED (401) when credentials are wrong, or
   * when they are required and absent; the same answer for an unknown user and a wrong password.
   */
  authenticate(request: FastifyRequest): Promise<Principal>;
}

/** Auth off: everyone is the open principal, keeping the name an HTTP Basic header claims. */
export const OPEN_AUTHENTICATOR: Authenticator = {
  async authenticate(request) {
    const claimed = claimedUserName(request.headers.authorization);
    return claimed === undefined ? OPEN_PRINCIPAL : { kind: 'open', claimed };
  },
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by createApp's authentication hook before any route runs. */
    principal: Principal;
  }
}

/**
 * Authentication failures carry the headers their status calls for: a 401 names the Basic
 * challenge (MLflow's client and curl then know to send credentials), a 429 says when to retry.
 * createApp's hook copies them onto the reply before the one error handler writes the body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StrataError } from '../../core/errors.js';

export const BASIC_CHALLENGE = 'Basic realm="strata", charset="UTF-8"';

export class AuthFailure extends StrataError {
  constructor(code: 'UNAUTHENTICATED' | 'REQUEST_LIMIT_EXCEEDED', message: string, readonly headers: Readonly<Record<string, string>>) {
    super(code, message);
  }
}

/**
 * The Basic challenge, except to a web page's own fetch: a browser answers a challenge with its
 * native password dialog, over the dashboard's sign-in page. Browsers say so with Sec-Fetch-Site
 * (Node's fetch sends only Sec-Fetch-Mode, so scripts and MLflow's client still get the challenge).
 */
function challenge(request: FastifyRequest): Record<string, string> {
  const fromPage = request.headers['sec-fetch-site'] !== undefined && request.headers['sec-fetch-mode'] !== 'navigate';
  return fromPage ? {} : { 'www-authenticate': BASIC_CHALLENGE };
}

/** The one answer to every wrong credential: an unknown user and a wrong password look the same. */
export const invalidCredentials = (request: FastifyRequest): AuthFailure =>
  new AuthFailure('UNAUTHENTICATED', 'Invalid credentials: wrong user name, password or token, or an expired or revoked token.', challenge(request));

export const credentialsRequired = (request: FastifyRequest): AuthFailure =>
  new AuthFailure('UNAUTHENTICATED', 'Authentication required: send HTTP Basic credentials, a Bearer token, or sign in.', challenge(request));

export const tooManyAttempts = (retryAfterMs: number): AuthFailure => {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new AuthFailure('REQUEST_LIMIT_EXCEEDED', `Too many failed sign-in attempts; retry in ${seconds} s.`, { 'retry-after': String(seconds) });
};

export function applyAuthFailureHeaders(reply: FastifyReply, error: unknown): void {
  if (error instanceof AuthFailure) void reply.headers(error.headers);
}

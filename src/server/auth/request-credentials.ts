/** What a request offers as proof of identity: HTTP Basic, a Bearer token, or the session cookie. */
import type { FastifyRequest } from 'fastify';

export { SESSION_COOKIE_NAME as SESSION_COOKIE } from '../../api/strata-auth.js';
import { SESSION_COOKIE_NAME } from '../../api/strata-auth.js';

export type RequestCredentials =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'session'; secret: string }
  | { kind: 'none' }
  /** An Authorization header that is neither well-formed Basic nor Bearer. */
  | { kind: 'malformed' };

export function credentialsOf(request: FastifyRequest): RequestCredentials {
  const header = request.headers.authorization;
  if (header !== undefined && header !== '') return fromAuthorization(header);
  const secret = cookieValue(request.headers.cookie, SESSION_COOKIE_NAME);
  return secret === undefined || secret === '' ? { kind: 'none' } : { kind: 'session', secret };
}

function fromAuthorization(header: string): RequestCredentials {
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^bearer$/i.test(scheme) && value !== '') return { kind: 'bearer', token: value };
  if (!/^basic$/i.test(scheme) || value === '') return { kind: 'malformed' };
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return { kind: 'malformed' };
  return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeCookie(part.slice(eq + 1).trim());
  }
  return undefined;
}

function decodeCookie(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The acting user for audit events. Nothing authenticates requests yet: the user name of
 * an HTTP Basic Authorization header (what MLflow's client sends when
 * MLFLOW_TRACKING_USERNAME is set) arrives with a password nobody checks, so it is only a
 * claim. Every request's actor is therefore `anonymous`, and the name it claimed is kept
 * beside it, cleaned of characters that could disguise it. Bearer tokens carry no name.
 */
import type { Actor } from '../core/entities.js';
import { ANONYMOUS_ACTOR } from '../core/services/service-deps.js';
import { sanitizeClaimedName } from './sanitize-claimed-name.js';

export function actorFromAuthorization(header: string | undefined): Actor {
  const claimed = claimedUserName(header);
  return claimed === undefined ? ANONYMOUS_ACTOR : { ...ANONYMOUS_ACTOR, claimed };
}

export function claimedUserName(header: string | undefined): string | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = sanitizeClaimedName(colon === -1 ? decoded : decoded.slice(0, colon));
  return username === '' ? undefined : username;
}

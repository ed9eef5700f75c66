/**
 * The acting user for audit events: the username of an HTTP Basic Authorization
 * header, which MLflow's client sends when MLFLOW_TRACKING_USERNAME is set. The
 * password is not checked here; authentication is a separate concern.
 */
import { ANONYMOUS_ACTOR } from '../core/services/service-deps.js';

export function actorFromAuthorization(header: string | undefined): string {
  if (!header || !/^basic /i.test(header)) return ANONYMOUS_ACTOR;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = colon === -1 ? decoded : decoded.slice(0, colon);
  return username || ANONYMOUS_ACTOR;
}

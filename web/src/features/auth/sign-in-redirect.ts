// A 401 from any query or mutation sends the user to the sign-in page, which brings them back.
import { isStrataApiError } from '../../lib/strata';

export const SIGN_IN_PATH = '/signin';

/** Where to go after signing in: a path of this dashboard only (never another site). */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith(SIGN_IN_PATH) ? next : '/experiments';
}

export function redirectToSignInOn401(error: unknown): void {
  if (!isStrataApiError(error) || error.status !== 401) return;
  if (window.location.pathname === SIGN_IN_PATH) return;
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`);
}

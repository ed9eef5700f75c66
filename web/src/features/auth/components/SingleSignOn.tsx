import type { OidcSignInError } from '../../../lib/strata';
import { useAuthConfig } from '../api/useAuth';

/** What a failed single sign-on (the server's `/signin?error=…`) means for the person. */
const MESSAGES: Record<OidcSignInError, string> = {
  idp_unreachable: 'The identity provider cannot be reached right now. Try again later, or sign in with a password.',
  idp_error: 'The identity provider did not sign you in.',
  invalid_state: 'That sign-in link expired or was already used. Start again.',
  login_failed: 'The identity provider’s answer could not be verified. Start again.',
  account_conflict: 'A local account with your user name already exists. Ask an admin to link it to your single sign-on account.',
  user_disabled: 'Your account is disabled. Ask an admin.',
  missing_username: 'The identity provider did not send a user name. Ask an admin to check the server’s single sign-on settings.',
};

export function ssoErrorMessage(code: string | null): string | undefined {
  return code !== null && code in MESSAGES ? MESSAGES[code as OidcSignInError] : undefined;
}

/** "Sign in with <provider>": a full navigation to the server, which redirects to the provider and back to `next`. */
export function SingleSignOn({ next }: { next: string }) {
  const config = useAuthConfig();
  const oidc = config.data?.oidc;
  if (oidc === undefined) return null;
  return (
    <>
      <p className="signin-or" aria-hidden="true">or</p>
      <a className="button signin-sso" href={`${oidc.login_path}?return_to=${encodeURIComponent(next)}`}>Sign in with {oidc.display_name}</a>
    </>
  );
}

import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { isStrataApiError } from '../../../lib/strata';
import { useSignIn } from '../api/useAuth';
import { safeNext } from '../sign-in-redirect';
import { SingleSignOn, ssoErrorMessage } from './SingleSignOn';

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));
  // A single sign-on that failed comes back here with its reason; a password attempt replaces it.
  const ssoError = signIn.isIdle ? ssoErrorMessage(params.get('error')) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ username, password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  return (
    <div className="signin-page">
      <form className="signin-form" onSubmit={submit} aria-label="Sign in">
        <h1>Sign in to Strata</h1>
        <label>
          User name
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {signIn.isError && <p role="alert" className="signin-error">{signInMessage(signIn.error)}</p>}
        {ssoError !== undefined && <p role="alert" className="signin-error">{ssoError}</p>}
        <button type="submit" className="primary" disabled={signIn.isPending}>{signIn.isPending ? 'Signing in…' : 'Sign in'}</button>
        <SingleSignOn next={next} />
      </form>
    </div>
  );
}

function signInMessage(error: unknown): string {
  if (isStrataApiError(error) && error.status === 401) return 'Wrong user name or password.';
  if (isStrataApiError(error) && error.status === 429) return 'Too many failed attempts; wait a minute and try again.';
  return error instanceof Error ? error.message : 'Sign-in failed.';
}

import { useNavigate } from 'react-router';
import { useSignOut, useWhoAmI } from '../api/useAuth';
import { SIGN_IN_PATH } from '../sign-in-redirect';

/** The header's corner: who is signed in and a way out; nothing when auth is off. */
export function SignedInUser() {
  const whoami = useWhoAmI();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const user = whoami.data?.user;
  if (user === undefined) return null;
  return (
    <div className="signed-in">
      <span title={user.is_admin ? 'admin' : undefined}>{user.username}</span>
      {whoami.data?.authenticated_by === 'session' && (
        <button type="button" className="small" onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate(SIGN_IN_PATH) })}>
          Sign out
        </button>
      )}
    </div>
  );
}

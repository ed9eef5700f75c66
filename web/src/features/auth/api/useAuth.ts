// Who is signed in, and signing in and out (a session cookie the browser keeps; see docs/authentication.md).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { strata } from '../../../lib/strata';

export const authKeys = { whoami: ['auth', 'whoami'] as const, config: ['auth', 'config'] as const };

export function useWhoAmI() {
  return useQuery({ queryKey: authKeys.whoami, queryFn: () => strata.auth.whoami(), staleTime: 60_000 });
}

/** Which ways of signing in the server offers; fetched once per page load. */
export function useAuthConfig() {
  return useQuery({ queryKey: authKeys.config, queryFn: () => strata.auth.config(), staleTime: Infinity });
}

export function useSignIn() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => strata.auth.signIn(username, password),
    // Everything fetched before belonged to nobody: start afresh as the signed-in user.
    onSuccess: () => queries.clear(),
  });
}

export function useSignOut() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => strata.auth.signOut(),
    onSuccess: () => queries.clear(),
  });
}

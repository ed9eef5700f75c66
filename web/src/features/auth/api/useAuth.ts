// Who is signed in, and signing in and out (a session cookie the browser keeps; see docs/authentication.md).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { strata } from '../../../lib/strata';

export const authKeys = { whoami: ['auth', 'whoami'] as const };

export function useWhoAmI() {
  return useQuery({ queryKey: authKeys.whoami, queryFn: () => strata.auth.whoami(), staleTime: 60_000 });
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

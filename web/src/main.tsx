import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { pathForMlflowHash } from './app/mlflow-hash-route';
import { createRouter } from './app/router';
import { isStrataApiError } from './lib/strata';
import { redirectToSignInOn401 } from './features/auth/sign-in-redirect';
import 'uplot/dist/uPlot.min.css';
import './styles.css';

// MLflow links (`/#/experiments/1/runs/abc`) open the matching page: rewrite before routing starts.
const mlflowPath = pathForMlflowHash(window.location.hash);
if (mlflowPath !== undefined) window.history.replaceState(null, '', mlflowPath);

const queryClient = new QueryClient({
  // Auth on and not signed in (or the session expired): the sign-in page, then back here.
  queryCache: new QueryCache({ onError: redirectToSignInOn401 }),
  mutationCache: new MutationCache({ onError: redirectToSignInOn401 }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A 4xx answer will not change on its own: show it at once instead of retrying.
      retry: (count, error) => count < 1 && !(isStrataApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={createRouter()} />
    </QueryClientProvider>
  </StrictMode>,
);

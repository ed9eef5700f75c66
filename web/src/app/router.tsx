import { createBrowserRouter, Navigate } from 'react-router';
import { LoadingState } from '../components/states/LoadingState';
import { SignInPage } from '../features/auth/components/SignInPage';
import { SIGN_IN_PATH } from '../features/auth/sign-in-redirect';
import { ExperimentsPage } from '../features/experiments/components/ExperimentsPage';
import { ExperimentPage } from '../features/runs/components/ExperimentPage';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';

// The experiments list and the runs table are where people land: in the first bundle. The other
// pages (charts, artifact previews, YAML and CSV parsers, the registry) load with their route, so
// a first visit parses about half the JavaScript before the runs table shows.
const page = <T,>(load: () => Promise<T>, pick: (module: T) => React.ComponentType) => async () => ({ Component: pick(await load()) });

/** Created after main.tsx has rewritten an MLflow hash link, so the router starts on the right path. */
export const createRouter = () =>
  createBrowserRouter([
  { path: SIGN_IN_PATH, element: <SignInPage /> },
  {
    element: <Layout />,
    // Shown while a page's code loads on the first visit to it.
    HydrateFallback: () => <LoadingState />,
    children: [
      { path: '/', element: <Navigate to="/experiments" replace /> },
      { path: '/experiments', element: <ExperimentsPage /> },
      { path: '/experiments/:experimentId', element: <ExperimentPage /> },
      { path: '/experiments/:experimentId/runs/:runId', lazy: page(() => import('../features/run/components/RunPage'), (m) => m.RunPage) },
      { path: '/runs/:runId', lazy: page(() => import('../features/run/components/RunRedirect'), (m) => m.RunRedirect) },
      { path: '/compare', lazy: page(() => import('../features/compare/components/ComparePage'), (m) => m.ComparePage) },
      { path: '/datasets/:name', lazy: page(() => import('../features/datasets/components/DatasetPage'), (m) => m.DatasetPage) },
      { path: '/datasets/:name/versions/:version', lazy: page(() => import('../features/datasets/components/DatasetVersionPage'), (m) => m.DatasetVersionPage) },
      { path: '/models', lazy: page(() => import('../features/registry/components/ModelsPage'), (m) => m.ModelsPage) },
      { path: '/models/:name', lazy: page(() => import('../features/registry/components/ModelPage'), (m) => m.ModelPage) },
      { path: '/models/:name/versions/:version', lazy: page(() => import('../features/registry/components/ModelVersionPage'), (m) => m.ModelVersionPage) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

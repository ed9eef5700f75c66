import { createBrowserRouter, Navigate } from 'react-router';
import { ComparePage } from '../features/compare/components/ComparePage';
import { DatasetPage } from '../features/datasets/components/DatasetPage';
import { DatasetVersionPage } from '../features/datasets/components/DatasetVersionPage';
import { ExperimentsPage } from '../features/experiments/components/ExperimentsPage';
import { ExperimentPage } from '../features/runs/components/ExperimentPage';
import { RunPage } from '../features/run/components/RunPage';
import { RunRedirect } from '../features/run/components/RunRedirect';
import { ModelsPage } from '../features/registry/components/ModelsPage';
import { ModelPage } from '../features/registry/components/ModelPage';
import { ModelVersionPage } from '../features/registry/components/ModelVersionPage';
import { SignInPage } from '../features/auth/components/SignInPage';
import { SIGN_IN_PATH } from '../features/auth/sign-in-redirect';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';

/** Created after main.tsx has rewritten an MLflow hash link, so the router starts on the right path. */
export const createRouter = () =>
  createBrowserRouter([
  { path: SIGN_IN_PATH, element: <SignInPage /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Navigate to="/experiments" replace /> },
      { path: '/experiments', element: <ExperimentsPage /> },
      { path: '/experiments/:experimentId', element: <ExperimentPage /> },
      { path: '/experiments/:experimentId/runs/:runId', element: <RunPage /> },
      { path: '/runs/:runId', element: <RunRedirect /> },
      { path: '/compare', element: <ComparePage /> },
      { path: '/datasets/:name', element: <DatasetPage /> },
      { path: '/datasets/:name/versions/:version', element: <DatasetVersionPage /> },
      { path: '/models', element: <ModelsPage /> },
      { path: '/models/:name', element: <ModelPage /> },
      { path: '/models/:name/versions/:version', element: <ModelVersionPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

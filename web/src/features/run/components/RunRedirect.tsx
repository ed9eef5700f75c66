import { Navigate, useLocation, useParams } from 'react-router';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { useRun } from '../api/useRun';

/** `/runs/<run>` (MLflow's run link without its experiment): looks the experiment up, then opens the run page. */
export function RunRedirect() {
  const { runId = '' } = useParams();
  const { search } = useLocation();
  const run = useRun(runId);
  if (run.isPending) return <div className="page"><LoadingState label="Loading run…" /></div>;
  if (run.isError) return <div className="page"><ErrorState error={run.error} title={`Could not open run ${runId}`} onRetry={() => void run.refetch()} /></div>;
  const { experiment_id: experimentId, run_id: id } = run.data.info;
  return <Navigate to={`/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(id)}${search}`} replace />;
}

import { Link } from 'react-router';
import { useSourceRun } from '../api/useModels';

/** A link to a model version's source run (its experiment is looked up for the path). */
export function RunLink({ runId }: { runId: string | undefined }) {
  const run = useSourceRun(runId);
  if (runId === undefined || runId === '') return <span className="faint">—</span>;
  if (!run.data) return <span className="mono faint">{runId.slice(0, 12)}</span>;
  const { info } = run.data;
  return <Link to={`/experiments/${encodeURIComponent(info.experiment_id)}/runs/${encodeURIComponent(info.run_id)}`} data-testid="source-run-link">{info.run_name || info.run_id}</Link>;
}

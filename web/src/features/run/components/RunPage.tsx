import { Link, useParams } from 'react-router';
import { NOTE_TAG, NoteView } from '../../../components/NoteView';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { RunDatasets } from '../../datasets/components/RunDatasets';
import { useExperiment } from '../../experiments/api/useExperiments';
import { useRun } from '../api/useRun';
import { ArtifactBrowser } from './ArtifactBrowser';
import { KeyValueTable } from './KeyValueTable';
import { MetricsSection } from './MetricsSection';
import { RunOverview } from './RunOverview';

export function RunPage() {
  const { experimentId = '', runId = '' } = useParams();
  const run = useRun(runId);
  const experiment = useExperiment(run.data?.info.experiment_id ?? experimentId);
  if (run.isPending) return <div className="page"><LoadingState label="Loading run…" /></div>;
  if (run.isError) return <div className="page"><ErrorState error={run.error} title={`Could not open run ${runId}`} onRetry={() => void run.refetch()} /></div>;
  const { info, data } = run.data;
  const tags = data.tags ?? [];
  const userTags = tags.filter((t) => !t.key.startsWith('mlflow.'));
  const systemTags = tags.filter((t) => t.key.startsWith('mlflow.'));
  const note = tags.find((t) => t.key === NOTE_TAG)?.value;
  const datasets = run.data.inputs?.dataset_inputs ?? [];
  return (
    <div className="page">
      <div className="breadcrumbs">
        <Link to="/experiments">Experiments</Link> / <Link to={`/experiments/${encodeURIComponent(info.experiment_id)}`}>{experiment.data?.name ?? info.experiment_id}</Link> /
      </div>
      <div className="page-header">
        <h1 data-testid="run-name">{info.run_name || info.run_id}</h1>
        <span className={`status ${info.status}`}>{info.status.toLowerCase()}</span>
        {info.lifecycle_stage === 'deleted' && <span className="badge">deleted</span>}
      </div>
      {note !== undefined && note.trim() !== '' && <NoteView text={note} testId="run-description" />}
      <div className="grid-2">
        <section>
          <h2>Overview</h2>
          <RunOverview run={run.data} />
        </section>
        <section>
          <h2>Parameters <span className="faint num">{(data.params ?? []).length}</span></h2>
          <KeyValueTable entries={data.params ?? []} empty="No parameters logged." label="parameters" />
          <h2 className="section">Tags <span className="faint num">{userTags.length}</span></h2>
          <KeyValueTable entries={userTags} empty="No tags." label="tags" />
          {systemTags.length > 0 && (
            <details className="section">
              <summary className="muted">{systemTags.length} system tags (mlflow.*)</summary>
              <KeyValueTable entries={systemTags} empty="" label="system tags" />
            </details>
          )}
        </section>
      </div>
      <section className="section">
        <h2>Metrics <span className="faint num">{(data.metrics ?? []).length}</span></h2>
        <MetricsSection runId={info.run_id} metrics={data.metrics ?? []} live={info.status === 'RUNNING'} />
      </section>
      <section className="section">
        <h2>Datasets <span className="faint num">{datasets.length}</span></h2>
        <RunDatasets inputs={datasets} />
      </section>
      <section className="section">
        <h2>Artifacts</h2>
        <ArtifactBrowser runId={info.run_id} />
      </section>
    </div>
  );
}

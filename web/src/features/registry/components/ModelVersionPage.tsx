import { Link, useParams } from 'react-router';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { formatTime } from '../../../lib/format';
import { strata } from '../../../lib/strata';
import { useArtifactList } from '../../run/api/useRun';
import { ModelSummary } from '../../run/components/preview/ModelSummary';
import { useModelVersion, useSourceRun } from '../api/useModels';
import { modelPathInRun } from '../state/modelSource';
import { GateResults } from './GateResults';
import { RunLink } from './RunLink';

export function ModelVersionPage() {
  const { name = '', version = '' } = useParams();
  const mv = useModelVersion(name, version);
  const run = useSourceRun(mv.data?.run_id);
  const modelUrl = `/models/${encodeURIComponent(name)}`;
  if (mv.isPending) return <div className="page"><LoadingState label="Loading model version…" /></div>;
  if (mv.isError) return <div className="page"><ErrorState error={mv.error} title={`Could not open ${name} version ${version}`} /></div>;
  const v = mv.data;
  const runInfo = run.data?.info;
  const modelPath = runInfo ? modelPathInRun(v.source, runInfo.run_id, runInfo.artifact_uri) : undefined;
  const filesUrl = runInfo && modelPath !== undefined ? `/experiments/${encodeURIComponent(runInfo.experiment_id)}/runs/${encodeURIComponent(runInfo.run_id)}?artifact=${encodeURIComponent(modelPath)}` : undefined;
  return (
    <div className="page">
      <div className="breadcrumbs"><Link to="/models">Registered models</Link> / <Link to={modelUrl}>{name}</Link> /</div>
      <div className="page-header">
        <h1 data-testid="model-version-title">{name} <span className="muted">v{v.version}</span></h1>
        {(v.aliases ?? []).map((a) => <span key={a} className="badge alias">@{a}</span>)}
        <span className={`status ${v.status}`}>{v.status.toLowerCase().replace('_', ' ')}</span>
      </div>
      <table className="data kv" style={{ maxWidth: 900 }}>
        <tbody>
          <tr><td>Source run</td><td><RunLink runId={v.run_id} /></td></tr>
          <tr><td>Source</td><td className="mono">{filesUrl ? <Link to={filesUrl} data-testid="model-source-link">{v.source}</Link> : v.source}</td></tr>
          <tr><td>Stage</td><td>{v.current_stage}</td></tr>
          <tr><td>Registered</td><td className="tnum">{formatTime(v.creation_timestamp)}{v.user_id ? ` by ${v.user_id}` : ''}</td></tr>
          <tr><td>Updated</td><td className="tnum">{formatTime(v.last_updated_timestamp)}</td></tr>
          <tr><td>Description</td><td>{v.description || <span className="faint">—</span>}</td></tr>
          <tr><td>Tags</td><td>{(v.tags ?? []).length === 0 ? <span className="faint">—</span> : (v.tags ?? []).map((t) => <span key={t.key} className="badge" style={{ marginRight: 4 }}>{t.key}={t.value}</span>)}</td></tr>
          {v.status_message && <tr><td>Status message</td><td>{v.status_message}</td></tr>}
        </tbody>
      </table>
      <p>
        <Link to={modelUrl}>All versions of {name}</Link>
        {' · '}
        <a href={cardUrl(name, v.version, 'html')} target="_blank" rel="noreferrer" data-testid="model-card-link">Model card</a>
        {' · '}
        <a href={cardUrl(name, v.version, 'html', 'technical-documentation')} target="_blank" rel="noreferrer">Technical documentation</a>
      </p>
      <GateResults name={name} version={v.version} />
      {runInfo && modelPath !== undefined && <ModelFiles runId={runInfo.run_id} path={modelPath} />}
    </div>
  );
}

function cardUrl(name: string, version: string, format: 'html' | 'md', template: 'model-card' | 'technical-documentation' = 'model-card'): string {
  return strata.models.cardUrl({ name, version, format, template });
}

/** The version's MLmodel summary, when its folder in the source run has one (a version can name any folder). */
function ModelFiles({ runId, path }: { runId: string; path: string }) {
  const files = useArtifactList(runId, path);
  const mlmodel = files.data?.files?.find((f) => !f.is_dir && f.path.split('/').pop() === 'MLmodel');
  if (mlmodel === undefined) return null;
  return (
    <section className="section" style={{ maxWidth: 1100 }}>
      <h2>Model</h2>
      <ModelSummary runId={runId} mlmodelPath={mlmodel.path} />
    </section>
  );
}

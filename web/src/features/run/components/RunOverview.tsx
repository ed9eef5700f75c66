import { Link } from 'react-router';
import { formatDuration, formatTime } from '../../../lib/format';
import type { Run } from '../../../lib/strata';
import { PARENT_RUN_TAG, useChildRuns, useModelVersionsOfRun, useRun } from '../api/useRun';
import { loggedModels } from '../state/loggedModels';

const SOURCE_TAGS = {
  source: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  commit: 'mlflow.source.git.commit',
  branch: 'mlflow.source.git.branch',
  repo: 'mlflow.source.git.repoURL',
} as const;

export function RunOverview({ run }: { run: Run }) {
  const info = run.info;
  const tags = new Map((run.data.tags ?? []).map((t) => [t.key, t.value]));
  const parentId = tags.get(PARENT_RUN_TAG);
  const runPath = (id: string) => `/experiments/${encodeURIComponent(info.experiment_id)}/runs/${encodeURIComponent(id)}`;
  const end = info.end_time ?? (info.status === 'RUNNING' ? Date.now() : undefined);
  return (
    <table className="data kv" data-testid="run-overview">
      <tbody>
        <tr><td>Run ID</td><td className="mono">{info.run_id}</td></tr>
        <tr><td>Status</td><td><span className={`status ${info.status}`}>{info.status.toLowerCase()}</span></td></tr>
        <tr><td>Started</td><td className="tnum">{formatTime(info.start_time)}</td></tr>
        <tr><td>Ended</td><td className="tnum">{formatTime(info.end_time)}</td></tr>
        <tr><td>Duration</td><td className="tnum">{formatDuration(info.start_time, end)}{info.status === 'RUNNING' ? ' (running)' : ''}</td></tr>
        <tr><td>User</td><td>{info.user_id || '—'}</td></tr>
        <tr><td>Source</td><td className="mono">{tags.get(SOURCE_TAGS.source) ?? '—'}{tags.has(SOURCE_TAGS.sourceType) ? <span className="faint"> ({tags.get(SOURCE_TAGS.sourceType)})</span> : null}</td></tr>
        <tr><td>Git commit</td><td className="mono">{tags.get(SOURCE_TAGS.commit) ?? '—'}{tags.has(SOURCE_TAGS.branch) ? <span className="faint"> on {tags.get(SOURCE_TAGS.branch)}</span> : null}</td></tr>
        <tr><td>Parent run</td><td>{parentId ? <ParentRun runId={parentId} runPath={runPath} /> : '—'}</td></tr>
        <tr><td>Child runs</td><td><ChildRuns experimentId={info.experiment_id} runId={info.run_id} runPath={runPath} /></td></tr>
        <tr><td>Logged models</td><td><LoggedModels history={tags.get(LOG_MODEL_HISTORY_TAG)} /></td></tr>
        <tr><td>Registered as</td><td><ModelVersionsOfRun runId={info.run_id} /></td></tr>
        <tr><td>Artifact URI</td><td className="mono">{info.artifact_uri}</td></tr>
      </tbody>
    </table>
  );
}

/** MLflow's log_model appends each logged model (artifact path, flavors) to this tag. */
const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';

function LoggedModels({ history }: { history: string | undefined }) {
  const models = loggedModels(history);
  if (models.length === 0) return <>—</>;
  return (
    <span className="link-list" data-testid="run-logged-models">
      {models.map((m) => (
        <span key={m.artifactPath}>
          <Link to={{ search: `?artifact=${encodeURIComponent(m.artifactPath)}` }} className="mono">{m.artifactPath}</Link>
          {m.flavors.length > 0 && <span className="faint"> ({m.flavors.join(', ')})</span>}
        </span>
      ))}
    </span>
  );
}

/** The parent's name once known (the id until then, or when the parent is gone). */
function ParentRun({ runId, runPath }: { runId: string; runPath: (id: string) => string }) {
  const parent = useRun(runId);
  const name = parent.data?.info.run_name;
  return <Link to={runPath(runId)} className={name ? undefined : 'mono'} data-testid="parent-run-link">{name || runId}</Link>;
}

function ChildRuns({ experimentId, runId, runPath }: { experimentId: string; runId: string; runPath: (id: string) => string }) {
  const children = useChildRuns(experimentId, runId);
  if (children.isPending) return <span className="faint">…</span>;
  if (children.isError || children.data.length === 0) return <>—</>;
  return (
    <span className="link-list">
      {children.data.map((child) => (
        <Link key={child.info.run_id} to={runPath(child.info.run_id)}>{child.info.run_name || child.info.run_id}</Link>
      ))}
    </span>
  );
}

function ModelVersionsOfRun({ runId }: { runId: string }) {
  const versions = useModelVersionsOfRun(runId);
  if (versions.isPending) return <span className="faint">…</span>;
  if (versions.isError || versions.data.length === 0) return <>—</>;
  return (
    <span className="link-list" data-testid="run-model-versions">
      {versions.data.map((v) => (
        <Link key={`${v.name}/${v.version}`} to={`/models/${encodeURIComponent(v.name)}/versions/${encodeURIComponent(v.version)}`}>
          {v.name} v{v.version}
        </Link>
      ))}
    </span>
  );
}

import { Link, useParams } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { formatTime } from '../../../lib/format';
import type { ModelVersion } from '../../../lib/strata';
import { useModel, useModelVersions } from '../api/useModels';
import { RunLink } from './RunLink';

export function ModelPage() {
  const name = useParams().name ?? '';
  const model = useModel(name);
  const versions = useModelVersions(name);
  if (model.isPending) return <div className="page"><LoadingState label="Loading model…" /></div>;
  if (model.isError) return <div className="page"><ErrorState error={model.error} title={`Could not open model “${name}”`} /></div>;
  const m = model.data;
  return (
    <div className="page">
      <div className="breadcrumbs"><Link to="/models">Registered models</Link> /</div>
      <div className="page-header">
        <h1 data-testid="model-name">{m.name}</h1>
        {(m.aliases ?? []).map((a) => <span key={a.alias} className="badge alias">@{a.alias}: v{a.version}</span>)}
      </div>
      {m.description && <p className="muted" style={{ marginTop: 0 }}>{m.description}</p>}
      <p className="faint" style={{ marginTop: 0 }}>Created {formatTime(m.creation_timestamp)} · updated {formatTime(m.last_updated_timestamp)}</p>
      {(m.tags ?? []).length > 0 && (
        <p>{(m.tags ?? []).map((t) => <span key={t.key} className="badge" style={{ marginRight: 4 }}>{t.key}={t.value}</span>)}</p>
      )}
      <section className="section">
        <h2>Versions</h2>
        {versions.isPending ? <LoadingState label="Loading versions…" /> : versions.isError ? <ErrorState error={versions.error} title="Could not load versions" /> : versions.data.length === 0 ? <EmptyState title="No versions yet" /> : <VersionsTable name={m.name} versions={versions.data} />}
      </section>
    </div>
  );
}

function VersionsTable({ name, versions }: { name: string; versions: ModelVersion[] }) {
  return (
    <table className="data" data-testid="versions-table">
      <thead>
        <tr>
          <th className="num" style={{ width: 80 }}>Version</th>
          <th>Aliases</th>
          <th>Stage</th>
          <th>Status</th>
          <th className="num">Registered</th>
          <th>Source run</th>
          <th>Tags</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.version}>
            <td className="num"><Link to={`/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(v.version)}`}>v{v.version}</Link></td>
            <td>{(v.aliases ?? []).map((a) => <span key={a} className="badge alias" style={{ marginRight: 4 }}>@{a}</span>)}</td>
            <td className="muted">{v.current_stage === 'None' ? '—' : v.current_stage}</td>
            <td><span className={`status ${v.status}`}>{v.status.toLowerCase().replace('_', ' ')}</span></td>
            <td className="num muted">{formatTime(v.creation_timestamp)}</td>
            <td><RunLink runId={v.run_id} /></td>
            <td>{(v.tags ?? []).map((t) => <span key={t.key} className="badge" style={{ marginRight: 4 }}>{t.key}={t.value}</span>)}</td>
            <td className="muted ellipsis" style={{ maxWidth: 280 }} title={v.description || undefined}>{v.description || ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

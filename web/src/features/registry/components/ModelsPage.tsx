import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { formatRelative, formatTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/useDebounced';
import { useModelList } from '../api/useModels';

export function ModelsPage() {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const models = useModelList(settled);
  return (
    <div className="page">
      <div className="page-header">
        <h1>Registered models</h1>
        {models.data && <span className="muted num">{models.data.length.toLocaleString()}</span>}
      </div>
      <div className="toolbar">
        <input type="search" placeholder="Search by name" aria-label="Search models by name" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 320 }} />
      </div>
      {models.isPending ? (
        <LoadingState label="Loading models…" />
      ) : models.isError ? (
        <ErrorState error={models.error} title="Could not load registered models" onRetry={() => void models.refetch()} />
      ) : models.data.length === 0 ? (
        settled !== '' ? (
          <EmptyState title={`No model name contains “${settled}”`} />
        ) : (
          <EmptyState title="No registered models yet">
            <p>Register one with <code>mlflow.register_model("runs:/RUN_ID/model", "name")</code> or <code>strata models register</code>.</p>
          </EmptyState>
        )
      ) : (
        <table className="data" data-testid="models-table">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Latest version</th>
              <th>Aliases</th>
              <th className="num">Updated</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {models.data.map((model) => {
              const latest = (model.latest_versions ?? []).reduce((max, v) => Math.max(max, Number(v.version)), 0);
              return (
                <tr key={model.name}>
                  <td><Link to={`/models/${encodeURIComponent(model.name)}`}>{model.name}</Link></td>
                  <td className="num">{latest > 0 ? <Link to={`/models/${encodeURIComponent(model.name)}/versions/${latest}`}>v{latest}</Link> : '—'}</td>
                  <td>{(model.aliases ?? []).map((a) => <span key={a.alias} className="badge alias" title={`version ${a.version}`}>@{a.alias}: v{a.version}</span>)}</td>
                  <td className="num" title={formatTime(model.last_updated_timestamp)}>{formatRelative(model.last_updated_timestamp)}</td>
                  <td className="muted ellipsis" style={{ maxWidth: 360 }}>{model.description ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

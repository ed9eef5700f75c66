import { Link, useParams } from 'react-router';
import { EmptyState } from '../../../components/states/EmptyState';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { formatBytes, formatCount, formatTime } from '../../../lib/format';
import { useDatasetVersion } from '../api/useDatasets';
import { profileRows, schemaColumns } from '../state/datasetSchema';

/** `/datasets/:name/versions/:version`: one registered dataset version and the runs that used it. */
export function DatasetVersionPage() {
  const { name = '', version = '' } = useParams();
  const number = Number(version);
  const query = useDatasetVersion(name, number);
  const datasetPath = `/datasets/${encodeURIComponent(name)}`;
  if (!Number.isSafeInteger(number) || number <= 0) {
    return <div className="page"><EmptyState title={`“${version}” is not a version number`}><p><Link to={datasetPath}>All versions of {name}</Link></p></EmptyState></div>;
  }
  if (query.isPending) return <div className="page"><LoadingState label="Loading dataset version…" /></div>;
  if (query.isError) return <div className="page"><ErrorState error={query.error} title={`Could not open dataset ${name} version ${version}`} onRetry={() => void query.refetch()} /></div>;
  const { dataset_version: v, runs } = query.data;
  const columns = schemaColumns(v.schema);
  const rows = profileRows(v.profile);
  return (
    <div className="page">
      <div className="breadcrumbs"><Link to={datasetPath}>{name}</Link> /</div>
      <div className="page-header">
        <h1 data-testid="dataset-version-title">{name} <span className="muted">v{v.version}</span></h1>
      </div>
      <div className="grid-2">
        <section>
          <table className="data kv">
            <tbody>
              <tr><td>Digest</td><td className="mono">{v.digest}</td></tr>
              <tr><td>Size</td><td className="tnum">{formatBytes(v.size)} in {formatCount(v.file_count)} file{v.file_count === 1 ? '' : 's'}</td></tr>
              {rows !== undefined && <tr><td>Rows</td><td className="tnum">{formatCount(rows)}</td></tr>}
              <tr><td>Source</td><td className="mono">{v.source_uri}</td></tr>
              <tr><td>Registered</td><td className="tnum">{formatTime(v.created_at)} by {v.created_by}</td></tr>
            </tbody>
          </table>
          {columns !== undefined && (
            <>
              <h2 className="section">Schema <span className="faint num">{columns.length}</span></h2>
              <table className="data" data-testid="dataset-schema">
                <thead><tr><th>Column</th><th>Type</th></tr></thead>
                <tbody>{columns.map((c) => <tr key={c.name}><td className="mono">{c.name}</td><td className="mono">{c.type}</td></tr>)}</tbody>
              </table>
            </>
          )}
        </section>
        <section>
          <h2>Used by runs <span className="faint num">{runs.length}</span></h2>
          {runs.length === 0 ? (
            <p className="faint">No run has logged this version as an input yet.</p>
          ) : (
            <table className="data" data-testid="dataset-runs">
              <thead><tr><th>Run</th><th>Context</th><th>Logged as</th></tr></thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={`${r.run_id}/${r.dataset_name}`}>
                    <td><Link to={`/experiments/${encodeURIComponent(r.experiment_id)}/runs/${encodeURIComponent(r.run_id)}`}>{r.run_name || r.run_id}</Link></td>
                    <td>{r.context ?? <span className="faint">—</span>}</td>
                    <td>{r.dataset_name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}

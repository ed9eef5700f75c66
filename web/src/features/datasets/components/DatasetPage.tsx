import { Link, useParams } from 'react-router';
import { ErrorState } from '../../../components/states/ErrorState';
import { LoadingState } from '../../../components/states/LoadingState';
import { formatBytes, formatCount, formatTime } from '../../../lib/format';
import { useDataset } from '../api/useDatasets';

/** `/datasets/:name`: a registered dataset's versions, newest first, with how many runs used each. */
export function DatasetPage() {
  const { name = '' } = useParams();
  const query = useDataset(name);
  if (query.isPending) return <div className="page"><LoadingState label="Loading dataset…" /></div>;
  if (query.isError) return <div className="page"><ErrorState error={query.error} title={`Could not open dataset ${name}`} onRetry={() => void query.refetch()} /></div>;
  const { dataset, versions } = query.data;
  return (
    <div className="page">
      <div className="page-header">
        <h1 data-testid="dataset-title">{dataset.name}</h1>
        <span className="muted">{formatCount(versions.length)} version{versions.length === 1 ? '' : 's'}</span>
      </div>
      {dataset.description && <p>{dataset.description}</p>}
      <table className="data" data-testid="dataset-versions">
        <thead><tr><th className="num">Version</th><th>Digest</th><th className="num">Size</th><th className="num">Files</th><th className="num">Runs</th><th>Registered</th><th>By</th></tr></thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td className="num"><Link to={`/datasets/${encodeURIComponent(dataset.name)}/versions/${v.version}`}>v{v.version}</Link></td>
              <td className="mono" title={v.digest}>{v.digest.slice(0, 12)}</td>
              <td className="num">{formatBytes(v.size)}</td>
              <td className="num">{formatCount(v.file_count)}</td>
              <td className="num">{formatCount(v.runs?.length ?? 0)}</td>
              <td className="tnum">{formatTime(v.created_at)}</td>
              <td>{v.created_by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

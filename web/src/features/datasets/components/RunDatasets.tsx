import { Link } from 'react-router';
import { DATASET_CONTEXT_TAG, type DatasetInput } from '../../../lib/strata';
import { formatCount } from '../../../lib/format';
import { useRegisteredVersions } from '../api/useDatasets';
import { profileRows, schemaColumns, type SchemaColumn } from '../state/datasetSchema';

/** The datasets a run logged as inputs (MLflow's log_input / the SDK's logDataset), each linked to the registry when its digest is registered. */
export function RunDatasets({ inputs }: { inputs: DatasetInput[] }) {
  if (inputs.length === 0) {
    return <p className="faint">No datasets logged. MLflow's <code>mlflow.log_input()</code> or the SDK's <code>run.logDataset()</code> records them here.</p>;
  }
  return (
    <table className="data" aria-label="Datasets" data-testid="run-datasets">
      <thead>
        <tr><th>Name</th><th>Context</th><th>Digest</th><th>Source</th><th className="num">Rows</th><th>Columns</th><th>Registry</th></tr>
      </thead>
      <tbody>
        {inputs.map((input, i) => <DatasetRow key={`${input.dataset.name}/${input.dataset.digest}/${i}`} input={input} />)}
      </tbody>
    </table>
  );
}

function DatasetRow({ input }: { input: DatasetInput }) {
  const { dataset } = input;
  const context = (input.tags ?? []).find((t) => t.key === DATASET_CONTEXT_TAG)?.value;
  const otherTags = (input.tags ?? []).filter((t) => t.key !== DATASET_CONTEXT_TAG);
  const columns = schemaColumns(dataset.schema);
  const rows = profileRows(dataset.profile);
  return (
    <tr>
      <td>
        <span className="mono">{dataset.name}</span>
        {otherTags.map((t) => <span key={t.key} className="badge" style={{ marginLeft: 6 }}>{t.key}={t.value}</span>)}
      </td>
      <td>{context ? <span className="badge">{context}</span> : <span className="faint">—</span>}</td>
      <td className="mono" title={dataset.digest}>{dataset.digest.slice(0, 12)}</td>
      <td className="mono truncate" title={`${dataset.source_type}: ${dataset.source}`}>
        <span className="faint">{dataset.source_type}</span> {sourceText(dataset.source)}
      </td>
      <td className="num">{rows === undefined ? <span className="faint">—</span> : formatCount(rows)}</td>
      <td className="mono" title={columns?.map((c) => `${c.name}: ${c.type}`).join('\n')}>
        {columns === undefined || columns.length === 0 ? <span className="faint">—</span> : <ColumnList columns={columns} />}
      </td>
      <td><RegistryLink digest={dataset.digest} /></td>
    </tr>
  );
}

const SHOWN_COLUMNS = 6;

function ColumnList({ columns }: { columns: SchemaColumn[] }) {
  const shown = columns.slice(0, SHOWN_COLUMNS).map((c) => `${c.name} (${c.type})`).join(', ');
  const more = columns.length - SHOWN_COLUMNS;
  return <>{shown}{more > 0 && <span className="faint"> +{more} more</span>}</>;
}

/** MLflow sends the source as JSON (`{"uri": "…"}`, `{"path": "…"}`, `{"tags": …}`); show its location. */
function sourceText(source: string): string {
  try {
    const parsed = JSON.parse(source) as Record<string, unknown>;
    const location = parsed.uri ?? parsed.url ?? parsed.path ?? parsed.table_name;
    if (typeof location === 'string') return location;
  } catch {
    // Not JSON: a plain URI.
  }
  return source;
}

function RegistryLink({ digest }: { digest: string }) {
  const versions = useRegisteredVersions(digest);
  if (versions.isPending && versions.fetchStatus !== 'idle') return <span className="faint">…</span>;
  if (!versions.data || versions.data.length === 0) return <span className="faint">not registered</span>;
  return (
    <>
      {versions.data.map((v) => (
        <Link key={`${v.name}/${v.version}`} to={`/datasets/${encodeURIComponent(v.name)}/versions/${v.version}`} style={{ marginRight: 8 }}>
          {v.name} v{v.version}
        </Link>
      ))}
    </>
  );
}

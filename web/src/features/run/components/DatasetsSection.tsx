import type { Run } from '../../../lib/strata';

type DatasetInput = NonNullable<NonNullable<Run['inputs']>['dataset_inputs']>[number];

/** The tag MLflow's log_input puts on a dataset input to say what it was used for. */
const CONTEXT_TAG = 'mlflow.data.context';

interface Column { name: string; type: string }

/** Datasets the run used (mlflow.log_input / autolog): name, role, digest, size, columns, source. */
export function DatasetsSection({ inputs }: { inputs: DatasetInput[] }) {
  if (inputs.length === 0) return <div className="muted">No datasets logged. MLflow’s <span className="mono">mlflow.log_input()</span> and autologging record them here.</div>;
  return (
    <table className="data" aria-label="Datasets" data-testid="run-datasets">
      <thead>
        <tr>
          <th>Dataset</th>
          <th>Context</th>
          <th>Digest</th>
          <th className="num">Rows</th>
          <th>Columns</th>
          <th>Source</th>
        </tr>
      </thead>
      <tbody>
        {inputs.map(({ dataset, tags = [] }, i) => {
          const context = tags.find((t) => t.key === CONTEXT_TAG)?.value;
          const otherTags = tags.filter((t) => t.key !== CONTEXT_TAG);
          const columns = schemaColumns(dataset.schema);
          const rows = profileRows(dataset.profile);
          return (
            <tr key={`${dataset.name}/${dataset.digest}/${context ?? ''}/${i}`}>
              <td>
                <span className="mono">{dataset.name}</span>
                {otherTags.map((t) => <span key={t.key} className="badge" style={{ marginLeft: 6 }}>{t.key}={t.value}</span>)}
              </td>
              <td>{context ?? <span className="faint">—</span>}</td>
              <td className="mono">{dataset.digest}</td>
              <td className="num">{rows === undefined ? <span className="faint">—</span> : rows.toLocaleString()}</td>
              <td className="mono" title={columns.map((c) => `${c.name}: ${c.type}`).join('\n')}>
                {columns.length === 0 ? <span className="faint">—</span> : <ColumnList columns={columns} />}
              </td>
              <td><span className="mono">{dataset.source_type}</span>{sourceLocation(dataset.source) && <span className="faint mono"> {sourceLocation(dataset.source)}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const SHOWN_COLUMNS = 6;

function ColumnList({ columns }: { columns: Column[] }) {
  const shown = columns.slice(0, SHOWN_COLUMNS).map((c) => `${c.name} (${c.type})`).join(', ');
  const more = columns.length - SHOWN_COLUMNS;
  return <>{shown}{more > 0 && <span className="faint"> +{more} more</span>}</>;
}

/** MLflow's schema is a JSON string: {"mlflow_colspec": [{name, type}]} or {"mlflow_tensorspec": …}. */
function schemaColumns(schema: string | undefined): Column[] {
  const parsed = parseJson(schema);
  const specs = isRecord(parsed) ? parsed.mlflow_colspec : undefined;
  if (!Array.isArray(specs)) return [];
  return specs.filter(isRecord).map((c, i) => ({ name: typeof c.name === 'string' ? c.name : `(${i})`, type: typeof c.type === 'string' ? c.type : '?' }));
}

function profileRows(profile: string | undefined): number | undefined {
  const parsed = parseJson(profile);
  return isRecord(parsed) && typeof parsed.num_rows === 'number' ? parsed.num_rows : undefined;
}

/** A source's URI or path when it has one (a dataset built in code has only the logging run's tags). */
function sourceLocation(source: string): string | undefined {
  const parsed = parseJson(source);
  if (!isRecord(parsed)) return undefined;
  for (const key of ['uri', 'url', 'path', 'table_name']) {
    if (typeof parsed[key] === 'string') return parsed[key];
  }
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

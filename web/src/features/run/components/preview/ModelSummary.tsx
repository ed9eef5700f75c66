import { useMemo } from 'react';
import { parse } from 'yaml';
import { describeError } from '../../../../components/states/ErrorState';
import { useArtifactText } from '../../api/useArtifactContent';
import { parentOf } from '../../state/previewKind';

/** An input example is shown from its first 64 KiB. */
const EXAMPLE_BYTES = 64 * 1024;

interface ColumnSpec { name?: string; type?: string; shape?: unknown; 'tensor-spec'?: { dtype?: string; shape?: unknown }; optional?: boolean; required?: boolean }

interface Summary {
  flavors: Array<{ name: string; details: Array<[string, string]> }>;
  inputs?: ColumnSpec[];
  outputs?: ColumnSpec[];
  params?: ColumnSpec[];
  exampleFile?: string;
  facts: Array<[string, string]>;
}

/** An MLmodel file (or a model folder, through its MLmodel): flavors, signature, input example. */
export function ModelSummary({ runId, mlmodelPath }: { runId: string; mlmodelPath: string }) {
  const text = useArtifactText(runId, mlmodelPath);
  const summary = useMemo(() => (text.data === undefined ? undefined : summarize(text.data)), [text.data]);
  const folder = parentOf(mlmodelPath);
  const examplePath = summary && !('error' in summary) && summary.exampleFile ? [folder, summary.exampleFile].filter((p) => p !== '').join('/') : undefined;
  const example = useArtifactText(runId, examplePath ?? '', examplePath !== undefined, EXAMPLE_BYTES);
  if (text.isPending) return <div className="muted">Loading model…</div>;
  if (text.isError) return <div className="field-error" role="alert">{describeError(text.error)}</div>;
  if (summary === undefined) return null;
  if ('error' in summary) return <div className="field-error">MLmodel does not parse: {summary.error}</div>;
  return (
    <div className="model-summary" data-testid="model-summary">
      <table className="data kv">
        <tbody>
          {summary.facts.map(([k, v]) => <tr key={k}><td>{k}</td><td className="mono">{v}</td></tr>)}
        </tbody>
      </table>
      <h3>Flavors</h3>
      <table className="data kv" data-testid="model-flavors">
        <tbody>
          {summary.flavors.map((f) => (
            <tr key={f.name}>
              <td className="mono">{f.name}</td>
              <td className="mono">{f.details.map(([k, v]) => <div key={k}><span className="faint">{k}:</span> {v}</div>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Signature</h3>
      {summary.inputs === undefined && summary.outputs === undefined ? <div className="muted">No signature logged.</div> : (
        <div className="grid-2">
          <SpecTable title="Inputs" specs={summary.inputs} />
          <SpecTable title="Outputs" specs={summary.outputs} />
          {summary.params && <SpecTable title="Params" specs={summary.params} />}
        </div>
      )}
      <h3>Input example</h3>
      {examplePath === undefined ? <div className="muted">No input example logged.</div>
        : example.isPending ? <div className="muted">Loading…</div>
        : example.isError ? <div className="field-error">{describeError(example.error)}</div>
        : <InputExample text={example.data} />}
    </div>
  );
}

function SpecTable({ title, specs }: { title: string; specs: ColumnSpec[] | undefined }) {
  return (
    <div>
      <h4 className="muted">{title}</h4>
      {specs === undefined ? <div className="faint">—</div> : (
        <table className="data">
          <thead><tr><th>Name</th><th>Type</th><th>Shape</th></tr></thead>
          <tbody>
            {specs.map((s, i) => (
              <tr key={i}>
                <td className="mono">{s.name ?? <span className="faint">({i})</span>}{s.optional || s.required === false ? <span className="faint"> optional</span> : null}</td>
                <td className="mono">{s.type === 'tensor' ? `tensor ${s['tensor-spec']?.dtype ?? ''}` : (s.type ?? '')}</td>
                <td className="mono">{shapeOf(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function shapeOf(spec: ColumnSpec): string {
  const shape = spec.shape ?? spec['tensor-spec']?.shape;
  return Array.isArray(shape) ? `(${shape.map((d) => (d === -1 ? '*' : String(d))).join(', ')})` : '—';
}

/** A pandas "split" example (columns + data) as a table of its first rows; anything else as JSON. */
function InputExample({ text }: { text: string }) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return <pre className="code-block" data-testid="model-input-example">{text}</pre>;
  }
  const split = parsed as { columns?: unknown; data?: unknown };
  if (Array.isArray(split.columns) && Array.isArray(split.data)) {
    const rows = (split.data as unknown[]).slice(0, 20);
    return (
      <table className="data" data-testid="model-input-example">
        <thead><tr>{(split.columns as unknown[]).map((c, i) => <th key={i} className="mono">{String(c)}</th>)}</tr></thead>
        <tbody>{rows.map((row, r) => <tr key={r}>{(Array.isArray(row) ? row : [row]).map((v, c) => <td key={c} className="mono">{scalar(v)}</td>)}</tr>)}</tbody>
      </table>
    );
  }
  return <pre className="code-block" data-testid="model-input-example">{JSON.stringify(parsed, null, 2)}</pre>;
}

function scalar(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function specs(value: unknown): ColumnSpec[] | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as ColumnSpec[]) : undefined;
  } catch {
    return undefined;
  }
}

export function summarize(text: string): Summary | { error: string } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (typeof doc !== 'object' || doc === null) return { error: 'not a mapping' };
  const m = doc as Record<string, unknown>;
  const flavors = Object.entries((m.flavors as Record<string, unknown> | undefined) ?? {}).map(([name, body]) => ({
    name,
    details: Object.entries(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}).map(([k, v]) => [k, scalar(v)] as [string, string]),
  }));
  const signature = (m.signature as Record<string, unknown> | undefined) ?? {};
  const example = m.saved_input_example_info as Record<string, unknown> | undefined;
  const facts: Array<[string, string]> = [];
  for (const key of ['artifact_path', 'model_uuid', 'mlflow_version', 'utc_time_created', 'run_id', 'model_size_bytes']) if (m[key] !== undefined) facts.push([key, scalar(m[key])]);
  const summary: Summary = { flavors, facts };
  const inputs = specs(signature.inputs);
  const outputs = specs(signature.outputs);
  const params = specs(signature.params);
  if (inputs) summary.inputs = inputs;
  if (outputs) summary.outputs = outputs;
  if (params) summary.params = params;
  if (typeof example?.artifact_path === 'string') summary.exampleFile = example.artifact_path;
  return summary;
}

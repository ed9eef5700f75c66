// What a logged dataset's schema and profile say, in a line: MLflow's clients send both as JSON
// text (`{"mlflow_colspec": [{"type": "double", "name": "x"}, …]}`, `{"num_rows": 150, …}`);
// Strata's registry stores objects. Anything else is shown as it is, never as an error.

export interface SchemaColumn {
  name: string;
  type: string;
}

const parse = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The columns of an MLflow colspec / tensor spec or a `{columns: [...]}`/`{fields: [...]}` schema. */
export function schemaColumns(schema: unknown): SchemaColumn[] | undefined {
  const parsed = parse(schema);
  if (!isRecord(parsed)) return undefined;
  const list = parsed.mlflow_colspec ?? parsed.mlflow_tensorspec ?? parsed.columns ?? parsed.fields;
  const specs = typeof list === 'string' ? parse(list) : list;
  if (!Array.isArray(specs)) return undefined;
  return specs.map((spec: unknown, i) => {
    if (!isRecord(spec)) return { name: `#${i + 1}`, type: String(spec) };
    const tensor = isRecord(spec['tensor-spec']) ? `tensor<${String(spec['tensor-spec'].dtype ?? '?')}>` : undefined;
    return { name: typeof spec.name === 'string' ? spec.name : `#${i + 1}`, type: tensor ?? (typeof spec.type === 'string' ? spec.type : '?') };
  });
}

/** Row and element counts of an MLflow profile (`num_rows`, `num_elements`), when present. */
export function profileRows(profile: unknown): number | undefined {
  const parsed = parse(profile);
  if (!isRecord(parsed)) return undefined;
  const rows = parsed.num_rows ?? parsed.rows;
  return typeof rows === 'number' && Number.isFinite(rows) ? rows : undefined;
}

/**
 * Per-example predictions as a run logs them for the bootstrap rule: JSONL (one object per line)
 * or CSV with a header row. Columns: `label`; `prediction` (a class, or a number for
 * regression) and/or `score` / `probability` (probability of the positive class); optional
 * `id` to pair two runs' examples. The CSV reader is deliberately simple: comma-separated, no
 * quoting (a quote is refused with a pointer to JSONL) — enough for numbers and plain labels.
 */
import { invalidParameter } from '../errors.js';
import { shortenForMessage } from '../shorten-for-message.js';

export interface PredictionTable {
  /** Row count. */
  size: number;
  ids: string[] | null;
  labels: string[];
  predictions: string[] | null;
  /** From `score` or `probability`. */
  scores: Float64Array | null;
}

export function parsePredictions(text: string, path: string): PredictionTable {
  const isJsonl = /\.(jsonl|ndjson)$/i.test(path) || (!/\.csv$/i.test(path) && text.trimStart().startsWith('{'));
  const columns = isJsonl ? jsonlColumns(text, path) : csvColumns(text, path);
  if (columns.size === 0) throw invalidParameter(`${path} has no predictions`);
  return toTable(columns, path);
}

/** Column name → its cells, one per example, kept columnar from the start (100,000 rows, no row objects). */
type Columns = { size: number; cells: Map<string, string[]>; lines: number[] };

function jsonlColumns(text: string, path: string): Columns {
  const cells = new Map<string, string[]>();
  const lines: number[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const row = jsonObject(raw, `${path} line ${index + 1}`);
    for (const [key, value] of Object.entries(row)) {
      if (value === null || typeof value === 'object') continue;
      let column = cells.get(key);
      if (column === undefined) cells.set(key, (column = []));
      column[lines.length] = String(value);
    }
    lines.push(index + 1);
  });
  return { size: lines.length, cells, lines };
}

function jsonObject(raw: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(`${where}: not a JSON object`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidParameter(`${where}: not a JSON object`);
  return parsed as Record<string, unknown>;
}

function csvColumns(text: string, path: string): Columns {
  const rows = text.split(/\r?\n/);
  const header = (rows[0] ?? '').split(',').map((h) => h.trim());
  const columns = header.map((): string[] => []);
  const lines: number[] = [];
  for (let i = 1; i < rows.length; i += 1) {
    const row = rows[i] as string;
    if (row.trim() === '') continue;
    if (row.includes('"')) throw invalidParameter(`${path} line ${i + 1}: quoted CSV fields are not supported; write the predictions as JSONL`);
    const values = row.split(',');
    if (values.length !== header.length) throw invalidParameter(`${path} line ${i + 1}: ${values.length} fields, the header has ${header.length}`);
    for (let k = 0; k < values.length; k += 1) (columns[k] as string[]).push((values[k] as string).trim());
    lines.push(i + 1);
  }
  return { size: lines.length, cells: new Map(header.map((name, k) => [name, columns[k] as string[]])), lines };
}

function toTable({ size, cells, lines }: Columns, path: string): PredictionTable {
  const has = (name: string): boolean => cells.has(name);
  if (!has('label')) throw invalidParameter(`${path} has no 'label' column (columns: ${shortenForMessage([...cells.keys()].join(', '))})`);
  const scoreColumn = has('score') ? 'score' : has('probability') ? 'probability' : null;
  if (!has('prediction') && scoreColumn === null) throw invalidParameter(`${path} needs a 'prediction' or a 'score'/'probability' column`);
  const column = (name: string): string[] => {
    const values = cells.get(name) as string[];
    for (let i = 0; i < size; i += 1) if (values[i] === undefined) throw invalidParameter(`${path} line ${lines[i] ?? 0}: no '${name}'`);
    return values;
  };
  return {
    size,
    ids: has('id') ? column('id') : null,
    labels: column('label'),
    predictions: has('prediction') ? column('prediction') : null,
    scores: scoreColumn === null ? null : numbers(column(scoreColumn), `${path} column ${scoreColumn}`),
  };
}

/** Numbers from text; a cell that is not one is an error naming its row. */
export function numbers(values: readonly string[], where: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const text = values[i] as string;
    const value = text.trim() === '' ? NaN : Number(text);
    if (Number.isNaN(value)) throw invalidParameter(`${where}, row ${i + 1}: '${shortenForMessage(text, { limit: 40 })}' is not a number`);
    out[i] = value;
  }
  return out;
}

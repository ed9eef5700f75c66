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
  const rows = isJsonl ? jsonlRows(text, path) : csvRows(text, path);
  if (rows.length === 0) throw invalidParameter(`${path} has no predictions`);
  return toTable(rows, path);
}

type Row = { line: number; cells: Record<string, string> };

function jsonlRows(text: string, path: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalidParameter(`${path} line ${index + 1}: not a JSON object`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidParameter(`${path} line ${index + 1}: not a JSON object`);
    const cells: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) if (value !== null && typeof value !== 'object') cells[key] = String(value);
    rows.push({ line: index + 1, cells });
  });
  return rows;
}

function csvRows(text: string, path: string): Row[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    if (line.includes('"')) throw invalidParameter(`${path} line ${i + 1}: quoted CSV fields are not supported; write the predictions as JSONL`);
    const values = line.split(',');
    if (values.length !== header.length) throw invalidParameter(`${path} line ${i + 1}: ${values.length} fields, the header has ${header.length}`);
    const cells: Record<string, string> = {};
    header.forEach((name, k) => (cells[name] = (values[k] as string).trim()));
    rows.push({ line: i + 1, cells });
  }
  return rows;
}

function toTable(rows: Row[], path: string): PredictionTable {
  const first = (rows[0] as Row).cells;
  const has = (name: string): boolean => Object.hasOwn(first, name);
  if (!has('label')) throw invalidParameter(`${path} has no 'label' column (columns: ${shortenForMessage(Object.keys(first).join(', '))})`);
  const scoreColumn = has('score') ? 'score' : has('probability') ? 'probability' : null;
  if (!has('prediction') && scoreColumn === null) throw invalidParameter(`${path} needs a 'prediction' or a 'score'/'probability' column`);
  const column = (name: string): string[] => rows.map((row) => {
    const value = row.cells[name];
    if (value === undefined) throw invalidParameter(`${path} line ${row.line}: no '${name}'`);
    return value;
  });
  return {
    size: rows.length,
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

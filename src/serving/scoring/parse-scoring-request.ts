/**
 * MLflow's scoring protocol (pyfunc scoring_server, MLflow 2.x): a JSON object with exactly one of
 * `dataframe_split`, `dataframe_records`, `instances`, `inputs` (plus optional `params`), or a CSV
 * body with a header row. Produces a ScoringFrame; every malformed body is a ScoringError 400 (415
 * for a content type the server does not speak) in MLflow's error shape.
 */
import Papa from 'papaparse';
import type { ScoringFrame } from '../contracts.js';
import { badRequest, ScoringError } from './scoring-error.js';

export type ScoringContentType = 'json' | 'csv';

const SUPPORTED_FORMATS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;
const REQUIRED_INPUT_FORMAT = `The input must be a JSON dictionary with exactly one of the input fields {${SUPPORTED_FORMATS.map((f) => `'${f}'`).join(', ')}}`;

/** The key a single unnamed tensor (`{"inputs": [[1, 2]]}`) is stored under in a tensors frame. */
export const UNNAMED_TENSOR = '';

export interface ParsedScoringRequest {
  frame: ScoringFrame;
  /** `params` of a JSON body (MLflow passes them to predict; ONNX models take none). */
  params: Record<string, unknown> | undefined;
  /** Rows to score: the frame's rows, or the first dimension of its tensors. */
  rowCount: number;
}

/**
 * Reads the Content-Type header as MLflow does: `application/json` or `text/csv`, the only
 * parameter allowed being `charset=utf-8`. Anything else is a 415, decided before the body is read.
 */
export function scoringContentType(header: string | undefined): ScoringContentType {
  const [mime = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim());
  for (const parameter of parameters) {
    if (parameter === '') continue;
    const [key = '', value = ''] = parameter.split('=', 2).map((p) => p.trim().toLowerCase());
    if (key !== 'charset') throw new ScoringError(415, 'BAD_REQUEST', `Unrecognized content type parameters: ${key}.`);
    if (value.replace(/^"|"$/g, '') !== 'utf-8') throw new ScoringError(415, 'BAD_REQUEST', 'The scoring server only supports UTF-8');
  }
  const type = mime.toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'text/csv') return 'csv';
  throw new ScoringError(
    415,
    'BAD_REQUEST',
    `This predictor only supports the following content types: Types: ['text/csv', 'application/json']. Got '${header ?? ''}'.`,
  );
}

export function parseScoringRequest(body: string, type: ScoringContentType): ParsedScoringRequest {
  return type === 'csv' ? parseCsv(body) : parseJson(body);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(body: string): ParsedScoringRequest {
  let decoded: unknown;
  try {
    decoded = JSON.parse(body);
  } catch (error) {
    throw badRequest(`Failed to parse input from JSON. Ensure that input is a valid JSON formatted string. Error: '${(error as Error).message}'`);
  }
  if (Array.isArray(decoded)) throw badRequest(`${REQUIRED_INPUT_FORMAT}. Received a list.`);
  if (!isPlainObject(decoded)) throw badRequest(`${REQUIRED_INPUT_FORMAT}. Received unexpected input type '${decoded === null ? 'null' : typeof decoded}'.`);
  const formats = SUPPORTED_FORMATS.filter((format) => format in decoded);
  if (formats.length !== 1) throw badRequest(`${REQUIRED_INPUT_FORMAT}. Received dictionary with input fields: ${JSON.stringify(Object.keys(decoded))}.`);
  const params = decoded.params;
  if (params !== undefined && params !== null && !isPlainObject(params)) throw badRequest(`'params' must be a JSON dictionary, got ${JSON.stringify(params)}`);
  const format = formats[0]!;
  const value = decoded[format];
  const frame = format === 'dataframe_split' ? parseSplit(value) : format === 'dataframe_records' ? parseRecords(value) : parseTensors(format, value);
  return { frame, params: isPlainObject(params) ? params : undefined, rowCount: rowCount(frame) };
}

function parseSplit(value: unknown): ScoringFrame {
  if (!isPlainObject(value)) throw badRequest(`'dataframe_split' must be a dictionary with 'columns' and 'data' (pandas split orient), got ${describe(value)}`);
  const { data, index } = value;
  if (!Array.isArray(data)) throw badRequest(`'dataframe_split.data' must be a list of rows, got ${describe(data)}`);
  let columns: string[];
  if (value.columns === undefined) {
    // pandas names unnamed columns 0, 1, …; a signature then reports the columns it misses.
    const first = data[0];
    columns = Array.isArray(first) ? first.map((_, i) => String(i)) : ['0'];
  } else {
    if (!Array.isArray(value.columns)) throw badRequest(`'dataframe_split.columns' must be a list of column names, got ${describe(value.columns)}`);
    columns = value.columns.map((c) => String(c));
  }
  if (new Set(columns).size !== columns.length) throw badRequest(`'dataframe_split.columns' has duplicate names: ${JSON.stringify(columns)}`);
  if (index !== undefined && (!Array.isArray(index) || index.length !== data.length)) {
    throw badRequest(`'dataframe_split.index' must be a list as long as 'data' (${data.length} rows)`);
  }
  const rows: unknown[][] = new Array<unknown[]>(data.length);
  for (let r = 0; r < data.length; r++) {
    const row: unknown = data[r];
    // A one-column frame may send bare values: pandas accepts {"columns": ["x"], "data": [1, 2]}.
    const cells = Array.isArray(row) ? row : columns.length === 1 ? [row] : undefined;
    if (!cells) throw badRequest(`'dataframe_split.data' row ${r} is ${describe(row)}, expected a list of ${columns.length} values`);
    if (cells.length !== columns.length) throw badRequest(`'dataframe_split.data' row ${r} has ${cells.length} values but there are ${columns.length} columns`);
    rows[r] = cells;
  }
  return { kind: 'columns', columns, rows };
}

function parseRecords(value: unknown): ScoringFrame {
  if (!Array.isArray(value)) throw badRequest(`'dataframe_records' must be a list of records (dictionaries), got ${describe(value)}`);
  const index = new Map<string, number>();
  const records = value.map((record: unknown, r) => {
    if (!isPlainObject(record)) throw badRequest(`'dataframe_records' item ${r} is ${describe(record)}, expected a dictionary of column values`);
    for (const key of Object.keys(record)) if (!index.has(key)) index.set(key, index.size);
    return record;
  });
  const columns = [...index.keys()];
  // A key absent from a record is a missing value, as pandas reads it.
  const rows = records.map((record) => columns.map((column) => (column in record ? record[column] : null)));
  return { kind: 'columns', columns, rows };
}

function parseTensors(format: 'instances' | 'inputs', value: unknown): ScoringFrame {
  if (format === 'instances') {
    if (!Array.isArray(value)) throw badRequest(`'instances' must be a list, got ${describe(value)}`);
    // TF serving's row format: a list of dicts is a list of named rows, turned into named columns.
    if (value.length > 0 && value.every(isPlainObject)) {
      const tensors: Record<string, unknown[]> = {};
      const names = Object.keys(value[0] as Record<string, unknown>);
      value.forEach((instance, r) => {
        const keys = Object.keys(instance as Record<string, unknown>);
        if (keys.length !== names.length || !names.every((n) => n in (instance as Record<string, unknown>))) {
          throw badRequest(`'instances' item ${r} has keys ${JSON.stringify(keys)}; every instance must have the same keys ${JSON.stringify(names)}`);
        }
      });
      for (const name of names) tensors[name] = value.map((instance) => (instance as Record<string, unknown>)[name]);
      return { kind: 'tensors', tensors };
    }
    if (value.some(isPlainObject)) throw badRequest(`'instances' mixes dictionaries and other values`);
    return { kind: 'tensors', tensors: { [UNNAMED_TENSOR]: value } };
  }
  if (isPlainObject(value)) {
    if (Object.keys(value).length === 0) throw badRequest(`'inputs' is an empty dictionary`);
    return { kind: 'tensors', tensors: { ...value } };
  }
  if (!Array.isArray(value)) throw badRequest(`'inputs' must be a list or a dictionary of named lists, got ${describe(value)}`);
  return { kind: 'tensors', tensors: { [UNNAMED_TENSOR]: value } };
}

function parseCsv(body: string): ParsedScoringRequest {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (text.trim() === '') throw badRequest('Failed to parse input as a Pandas DataFrame: the CSV body is empty (a header row is required)');
  const result = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, dynamicTyping: false });
  const problem = result.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
  if (problem) throw badRequest(`Failed to parse input as a Pandas DataFrame: ${problem.message}${problem.row === undefined ? '' : ` (row ${problem.row})`}`);
  const [header, ...lines] = result.data;
  if (!header || header.length === 0) throw badRequest('Failed to parse input as a Pandas DataFrame: the CSV has no header row');
  const columns = header.map((c) => c.trim());
  if (new Set(columns).size !== columns.length) throw badRequest(`CSV header has duplicate column names: ${JSON.stringify(columns)}`);
  const rows = lines.map((line, r) => {
    if (line.length !== columns.length) throw badRequest(`Failed to parse input as a Pandas DataFrame: CSV row ${r + 1} has ${line.length} fields, the header has ${columns.length}`);
    // pandas reads an empty field as a missing value.
    return line.map((cell) => (cell === '' ? null : cell));
  });
  return { frame: { kind: 'columns', columns, rows, fromText: true }, params: undefined, rowCount: rows.length };
}

function rowCount(frame: ScoringFrame): number {
  if (frame.kind === 'columns') return frame.rows.length;
  let rows = 0;
  for (const value of Object.values(frame.tensors)) rows = Math.max(rows, Array.isArray(value) ? value.length : 1);
  return rows;
}

/** A short description of a JSON value for error messages (never the whole value). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a dictionary';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

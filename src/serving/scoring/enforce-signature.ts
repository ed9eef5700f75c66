/**
 * Enforces a model's signature on a parsed request, as MLflow's pyfunc does before predict: every
 * required column present (extra columns ignored), every value of the declared type, tensors of the
 * declared dtype and shape. A mismatch is a 400 naming the column (or tensor) and the expected type.
 * The result is in the signature's order, ready to be turned into the runtime's tensors.
 */
import type { ColumnSpec, ModelSignature, ScoringFrame, TensorSpec } from '../contracts.js';
import { describeTensorSpec } from './model-signature.js';
import { UNNAMED_TENSOR, describe } from './parse-scoring-request.js';
import { badRequest } from './scoring-error.js';

/** One column, its values in row order (null = missing). `type` is unset without a signature. */
export interface EnforcedColumn {
  name: string;
  type: string | undefined;
  values: unknown[];
}

/** One tensor, flattened row-major with its shape. `dtype` is unset without a signature. */
export interface EnforcedTensor {
  name: string;
  dtype: string | undefined;
  shape: number[];
  values: unknown[];
}

export type EnforcedInput =
  | { kind: 'columns'; rowCount: number; columns: EnforcedColumn[] }
  | { kind: 'tensors'; rowCount: number; tensors: EnforcedTensor[] };

const PREFIX = 'Failed to enforce schema of data';

export function enforceSignature(frame: ScoringFrame, signature: ModelSignature | undefined): EnforcedInput {
  const inputs = signature?.inputs;
  if (!inputs) return frame.kind === 'columns' ? columnsAsIs(frame) : tensorsAsIs(frame.tensors);
  if (inputs.kind === 'columns') return enforceColumns(toColumnFrame(frame), inputs.columns);
  return enforceTensors(frame, inputs.tensors);
}

// ---------- column signatures ----------

type ColumnFrame = Extract<ScoringFrame, { kind: 'columns' }>;

/** Named tensors are named columns; an unnamed list of rows gets pandas' names 0, 1, … */
function toColumnFrame(frame: ScoringFrame): ColumnFrame {
  if (frame.kind === 'columns') return frame;
  const names = Object.keys(frame.tensors);
  const unnamed = frame.tensors[UNNAMED_TENSOR];
  if (names.length === 1 && unnamed !== undefined) {
    const list = Array.isArray(unnamed) ? unnamed : [unnamed];
    const width = Array.isArray(list[0]) ? (list[0] as unknown[]).length : 1;
    const columns = Array.from({ length: width }, (_, i) => String(i));
    return { kind: 'columns', columns, rows: list.map((row) => (Array.isArray(row) ? row : [row])) };
  }
  const lists = names.map((name) => {
    const value = frame.tensors[name];
    return Array.isArray(value) ? value : [value];
  });
  const rowCount = Math.max(0, ...lists.map((l) => l.length));
  lists.forEach((list, i) => {
    if (list.length !== rowCount) throw badRequest(`${PREFIX}: input '${names[i]}' has ${list.length} values, others have ${rowCount}`);
  });
  const rows = Array.from({ length: rowCount }, (_, r) =>
    // A column sent as [[1], [2]] (shape [N, 1]) is the column [1, 2].
    lists.map((list) => {
      const cell = list[r];
      return Array.isArray(cell) && cell.length === 1 ? cell[0] : cell;
    }),
  );
  return { kind: 'columns', columns: names, rows };
}

function enforceColumns(frame: ColumnFrame, specs: ColumnSpec[]): EnforcedInput {
  const position = new Map<string, number>();
  frame.columns.forEach((name, i) => position.set(name, i));
  const missing = specs.filter((spec, i) => spec.required && !position.has(spec.name ?? String(i)));
  if (missing.length > 0) {
    const list = missing.map((spec) => `'${spec.name}' (${spec.type})`).join(', ');
    throw badRequest(`${PREFIX}: missing required column${missing.length > 1 ? 's' : ''} ${list}. The request has columns ${JSON.stringify(frame.columns)}.`);
  }
  const rowCount = frame.rows.length;
  const columns = specs.map((spec, i): EnforcedColumn => {
    const name = spec.name ?? String(i);
    const at = position.get(name);
    const values = new Array<unknown>(rowCount);
    for (let r = 0; r < rowCount; r++) {
      const cell = at === undefined ? null : frame.rows[r]![at];
      values[r] = readCell(cell, spec, name, r, frame.fromText === true);
    }
    return { name, type: spec.type, values };
  });
  return { kind: 'columns', rowCount, columns };
}

const TRUE_TEXT = new Set(['true', 'True', 'TRUE', '1']);
const FALSE_TEXT = new Set(['false', 'False', 'FALSE', '0']);

// A function, not a closure per cell: this runs for every value of every request.
function wrongType(cell: unknown, spec: ColumnSpec, name: string, row: number): Error {
  return badRequest(`${PREFIX}: column '${name}' expects type ${spec.type}, got ${describe(cell)} in row ${row}`);
}

function readCell(cell: unknown, spec: ColumnSpec, name: string, row: number, fromText: boolean): unknown {
  if (cell === null || cell === undefined) {
    if (spec.required) throw badRequest(`${PREFIX}: column '${name}' is required (${spec.type}) but row ${row} has no value`);
    return null;
  }
  switch (spec.type) {
    case 'double':
    case 'float': {
      if (typeof cell === 'number') return cell;
      if (fromText && typeof cell === 'string') {
        const text = cell.trim();
        if (text === 'NaN' || text === 'nan') return Number.NaN;
        const n = Number(text);
        if (text !== '' && !Number.isNaN(n)) return n;
      }
      throw wrongType(cell, spec, name, row);
    }
    case 'long':
    case 'integer': {
      let n: number | undefined;
      if (typeof cell === 'number') n = cell;
      else if (fromText && typeof cell === 'string' && /^\s*[-+]?\d+\s*$/.test(cell)) n = Number(cell);
      const limit = spec.type === 'integer' ? 2 ** 31 : Number.MAX_SAFE_INTEGER;
      if (n === undefined || !Number.isInteger(n) || n >= limit || n < -limit) throw wrongType(cell, spec, name, row);
      return n;
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return cell;
      if (fromText && typeof cell === 'string') {
        if (TRUE_TEXT.has(cell.trim())) return true;
        if (FALSE_TEXT.has(cell.trim())) return false;
      }
      throw wrongType(cell, spec, name, row);
    }
    case 'string':
    case 'binary':
      if (typeof cell === 'string') return cell;
      throw wrongType(cell, spec, name, row);
    case 'datetime':
      if (typeof cell === 'string' && !Number.isNaN(Date.parse(cell))) return cell;
      throw wrongType(cell, spec, name, row);
    default:
      return cell;
  }
}

function columnsAsIs(frame: ColumnFrame): EnforcedInput {
  const rowCount = frame.rows.length;
  const columns = frame.columns.map((name, c): EnforcedColumn => {
    const values = new Array<unknown>(rowCount);
    for (let r = 0; r < rowCount; r++) {
      const cell = frame.rows[r]![c];
      // Without a signature a CSV cell is a number when it reads as one, as pandas infers.
      values[r] = frame.fromText && typeof cell === 'string' && cell.trim() !== '' && !Number.isNaN(Number(cell)) ? Number(cell) : cell;
    }
    return { name, type: undefined, values };
  });
  return { kind: 'columns', rowCount, columns };
}

// ---------- tensor signatures ----------

function enforceTensors(frame: ScoringFrame, specs: TensorSpec[]): EnforcedInput {
  const sources = new Map<string, unknown>();
  if (frame.kind === 'columns') {
    if (specs.length === 1) {
      // A frame for a single-tensor model is its matrix of values (pandas' DataFrame.values).
      sources.set(specs[0]!.name ?? UNNAMED_TENSOR, frame.rows);
    } else {
      frame.columns.forEach((name, c) => sources.set(name, frame.rows.map((row) => row[c])));
    }
  } else {
    const names = Object.keys(frame.tensors);
    if (specs.length === 1 && names.length === 1) {
      // One tensor in, one tensor expected: MLflow matches them whatever the name.
      sources.set(specs[0]!.name ?? UNNAMED_TENSOR, frame.tensors[names[0]!]);
    } else {
      if (frame.tensors[UNNAMED_TENSOR] !== undefined) {
        throw badRequest(`${PREFIX}: the model takes ${specs.length} named tensors (${specs.map((s) => `'${s.name ?? ''}'`).join(', ')}); send them as a dictionary of named inputs`);
      }
      for (const name of names) sources.set(name, frame.tensors[name]);
    }
  }
  const tensors = specs.map((spec, i): EnforcedTensor => {
    const name = spec.name ?? (specs.length === 1 ? UNNAMED_TENSOR : String(i));
    if (!sources.has(name)) throw badRequest(`${PREFIX}: missing input tensor '${name}' (${describeTensorSpec(spec)})`);
    const label = name === UNNAMED_TENSOR ? 'the input tensor' : `tensor '${name}'`;
    const { shape, values } = flatten(sources.get(name), label);
    checkShape(shape, spec, label);
    values.forEach((v, k) => {
      if (!fitsDtype(v, spec.dtype)) throw badRequest(`${PREFIX}: ${label} expects dtype ${spec.dtype}, got ${describe(v)} at flat position ${k}`);
    });
    return { name, dtype: spec.dtype, shape, values };
  });
  return { kind: 'tensors', rowCount: tensors[0]?.shape[0] ?? 1, tensors };
}

function checkShape(shape: number[], spec: TensorSpec, label: string): void {
  let ok = shape.length === spec.shape.length && spec.shape.every((d, i) => d === -1 || d === shape[i]);
  // MLflow adds the batch dimension to a single example of shape spec.shape[1:].
  if (!ok && shape.length + 1 === spec.shape.length && spec.shape[0] === -1 && spec.shape.slice(1).every((d, i) => d === -1 || d === shape[i])) {
    shape.unshift(1);
    ok = true;
  }
  if (!ok) throw badRequest(`${PREFIX}: ${label} has shape [${shape.join(', ')}], the model expects ${describeTensorSpec(spec)}`);
}

function fitsDtype(value: unknown, dtype: string): boolean {
  if (dtype.startsWith('float')) return typeof value === 'number';
  if (dtype.startsWith('int') || dtype.startsWith('uint')) return typeof value === 'number' && Number.isInteger(value) && (!dtype.startsWith('u') || value >= 0);
  if (dtype === 'bool') return typeof value === 'boolean';
  if (dtype === 'str') return typeof value === 'string';
  return true;
}

/** A nested list -> its shape and row-major values; ragged lists are a 400. */
export function flatten(value: unknown, label: string): { shape: number[]; values: unknown[] } {
  if (!Array.isArray(value)) return { shape: [], values: [value] };
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const values: unknown[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) throw badRequest(`${PREFIX}: ${label} is a ragged list (deeper than its first element)`);
      values.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) throw badRequest(`${PREFIX}: ${label} is a ragged list: every row must have the same length`);
    for (const child of node) walk(child, depth + 1);
  };
  walk(value, 0);
  return { shape, values };
}

function tensorsAsIs(tensors: Record<string, unknown>): EnforcedInput {
  const list = Object.entries(tensors).map(([name, value]): EnforcedTensor => {
    const label = name === UNNAMED_TENSOR ? 'the input tensor' : `tensor '${name}'`;
    const { shape, values } = flatten(value, label);
    return { name, dtype: undefined, shape, values };
  });
  return { kind: 'tensors', rowCount: list[0]?.shape[0] ?? 1, tensors: list };
}

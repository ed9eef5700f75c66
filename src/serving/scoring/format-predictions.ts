/**
 * A model's outputs -> MLflow's `predictions`: a single output of shape [N] or [N, 1] is a flat
 * list (what a pandas Series or a column vector serializes to), wider outputs are lists of rows,
 * several outputs are `{name: list}` as MLflow's onnx flavor returns a dict of arrays.
 */
import type { Predictions } from '../contracts.js';

/** One output tensor as the runtime hands it over (typed array data, ONNX type name, dims). */
export interface OutputTensor {
  type: string;
  dims: readonly number[];
  data: ArrayLike<unknown>;
}

function scalar(value: unknown, type: string): unknown {
  if (typeof value === 'bigint') {
    // int64 beyond 2^53 would lose digits as a number; MLflow's JSON has them exact, so keep the text.
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (type === 'bool') return value === 1 || value === true;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function tensorToList(tensor: OutputTensor): unknown[] {
  const { dims, data, type } = tensor;
  const total = data.length;
  if (dims.length <= 1 || (dims.length === 2 && dims[1] === 1)) {
    const list = new Array<unknown>(total);
    for (let i = 0; i < total; i++) list[i] = scalar(data[i], type);
    return list;
  }
  // Nested lists, innermost dimension last.
  const build = (depth: number, offset: number): unknown[] => {
    const size = dims[depth]!;
    const stride = dims.slice(depth + 1).reduce((a, b) => a * b, 1);
    const out = new Array<unknown>(size);
    for (let i = 0; i < size; i++) {
      out[i] = depth === dims.length - 1 ? scalar(data[offset + i], type) : build(depth + 1, offset + i * stride);
    }
    return out;
  };
  return build(0, 0);
}

export function formatPredictions(outputs: ReadonlyMap<string, OutputTensor>): Predictions {
  if (outputs.size === 1) return tensorToList(outputs.values().next().value as OutputTensor);
  const named: Record<string, unknown[]> = {};
  for (const [name, tensor] of outputs) named[name] = tensorToList(tensor);
  return named;
}

/**
 * MLflow's model signature as MLmodel stores it: `signature.inputs` is a JSON *string* holding a
 * list of column specs (`{"type": "double", "name": "f0", "required": true}`) or tensor specs
 * (`{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 30]}}`), never both.
 */
import type { ColumnSpec, ModelSignature, SignatureInputs, TensorSpec } from '../contracts.js';

/** MLflow's DataType names a column spec may carry (mlflow.types.DataType). */
export const COLUMN_TYPES = new Set(['double', 'float', 'long', 'integer', 'boolean', 'string', 'binary', 'datetime']);

/** numpy dtype names a tensor spec may carry that an ONNX model can take. */
export const TENSOR_DTYPES = new Set([
  'float32', 'float64', 'float16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'str', 'object',
]);

export class SignatureFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureFormatError';
  }
}

function parseSpecList(raw: unknown, what: string): SignatureInputs {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch (error) {
      throw new SignatureFormatError(`signature ${what} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!Array.isArray(list) || list.length === 0) throw new SignatureFormatError(`signature ${what} must be a non-empty list of specs`);
  const isTensor = (spec: unknown): boolean => typeof spec === 'object' && spec !== null && (spec as { type?: unknown }).type === 'tensor';
  const tensorCount = list.filter(isTensor).length;
  if (tensorCount > 0 && tensorCount < list.length) {
    throw new SignatureFormatError(`signature ${what} mixes column and tensor specs; MLflow allows one kind per signature`);
  }
  if (tensorCount > 0) return { kind: 'tensors', tensors: list.map((spec, i) => parseTensorSpec(spec, `${what}[${i}]`)) };
  return { kind: 'columns', columns: list.map((spec, i) => parseColumnSpec(spec, `${what}[${i}]`)) };
}

function parseColumnSpec(raw: unknown, where: string): ColumnSpec {
  if (typeof raw !== 'object' || raw === null) throw new SignatureFormatError(`${where} is not an object`);
  const spec = raw as Record<string, unknown>;
  if (typeof spec.type !== 'string' || !COLUMN_TYPES.has(spec.type)) {
    throw new SignatureFormatError(`${where} has type ${JSON.stringify(spec.type)}; expected one of ${[...COLUMN_TYPES].join(', ')}`);
  }
  if (spec.name !== undefined && typeof spec.name !== 'string') throw new SignatureFormatError(`${where}.name must be a string`);
  // MLflow < 2.6 wrote no `required`; every column was required then.
  const required = spec.required === undefined ? true : spec.required === true;
  return spec.name === undefined ? { type: spec.type, required } : { name: spec.name, type: spec.type, required };
}

function parseTensorSpec(raw: unknown, where: string): TensorSpec {
  const spec = raw as Record<string, unknown>;
  const tensor = spec['tensor-spec'];
  if (typeof tensor !== 'object' || tensor === null) throw new SignatureFormatError(`${where} has no tensor-spec`);
  const { dtype, shape } = tensor as Record<string, unknown>;
  if (typeof dtype !== 'string' || !TENSOR_DTYPES.has(dtype)) throw new SignatureFormatError(`${where} has dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= -1)) {
    throw new SignatureFormatError(`${where} has shape ${JSON.stringify(shape)}; expected a list of sizes (-1 for variable)`);
  }
  if (spec.name !== undefined && typeof spec.name !== 'string') throw new SignatureFormatError(`${where}.name must be a string`);
  const parsed: TensorSpec = { dtype, shape: shape as number[] };
  if (typeof spec.name === 'string') parsed.name = spec.name;
  return parsed;
}

/**
 * Parses MLmodel's `signature` mapping. Undefined when the model has none (MLflow then serves
 * without enforcement); throws SignatureFormatError when it is present but unreadable.
 */
export function parseModelSignature(raw: unknown): ModelSignature | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') throw new SignatureFormatError('signature must be a mapping with inputs (and outputs)');
  const { inputs, outputs } = raw as Record<string, unknown>;
  if (inputs === undefined || inputs === null) return undefined;
  const signature: ModelSignature = { inputs: parseSpecList(inputs, 'inputs') };
  if (outputs !== undefined && outputs !== null) signature.outputs = parseSpecList(outputs, 'outputs');
  return signature;
}

/** `double`, or `float32 [-1, 30]`, for error messages. */
export function describeTensorSpec(spec: TensorSpec): string {
  return `${spec.dtype} [${spec.shape.join(', ')}]`;
}

/**
 * An ONNX session (onnxruntime-node, imported on first use so a CLI that never serves never loads
 * the native library) and the translation between MLflow's frames and its tensors: a frame's
 * columns, in the signature's order, become one [N, C] matrix for a single-input model (as
 * mlflow.onnx feeds `DataFrame.values`) or one tensor per column for a model with an input per
 * column; tensor requests feed by name.
 */
import type * as Ort from 'onnxruntime-node';
import type { EnforcedInput } from '../scoring/enforce-signature.js';
import type { OutputTensor } from '../scoring/format-predictions.js';
import { UNNAMED_TENSOR, describe } from '../scoring/parse-scoring-request.js';
import { badRequest } from '../scoring/scoring-error.js';
import { MicroBatcher, type FeedData, type FeedPart, type PreparedCall } from './micro-batcher.js';

type OrtModule = typeof Ort;
let runtime: Promise<OrtModule> | undefined;

/** The onnxruntime-node module, loaded once on first use. */
export function loadOnnxRuntime(): Promise<OrtModule> {
  runtime ??= import('onnxruntime-node');
  return runtime;
}

interface InputInfo {
  name: string;
  type: string;
  /** Declared shape; strings and -1 are variable dimensions, [] when the model does not say. */
  shape: readonly (number | string)[];
}

export interface OnnxModelOptions {
  /** Threads for one run (default 1: a tabular model gains nothing from more, and the spare cores serve HTTP). */
  intraOpThreads?: number;
  /** Merge concurrent calls into one run (default true). */
  microBatch?: boolean;
  onBatch?: (calls: number, rows: number) => void;
}

const isVariable = (d: number | string | undefined): boolean => typeof d === 'string' || d === -1;

export class OnnxModel {
  readonly inputs: InputInfo[];
  readonly outputNames: readonly string[];
  readonly #ort: OrtModule;
  readonly #session: Ort.InferenceSession;
  readonly #batcher: MicroBatcher | undefined;

  private constructor(ort: OrtModule, session: Ort.InferenceSession, options: OnnxModelOptions) {
    this.#ort = ort;
    this.#session = session;
    this.inputs = session.inputMetadata.map((m) => ({
      name: m.name,
      type: m.isTensor ? m.type : 'unsupported',
      shape: m.isTensor ? m.shape : [],
    }));
    this.outputNames = session.outputNames;
    // Batch only when every input and output has a variable first dimension: then rows are
    // independent and the outputs can be split back by row.
    const batchable =
      this.inputs.every((i) => isVariable(i.shape[0])) &&
      session.outputMetadata.every((o) => o.isTensor && isVariable(o.shape[0]));
    this.#batcher = options.microBatch !== false && batchable ? new MicroBatcher((call) => this.#runNow(call), { onBatch: options.onBatch }) : undefined;
  }

  /** Opens a session on the model bytes; rejects when onnxruntime cannot read them. */
  static async open(bytes: Uint8Array, options: OnnxModelOptions = {}): Promise<OnnxModel> {
    const ort = await loadOnnxRuntime();
    const threads = options.intraOpThreads ?? 1;
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    const model = new OnnxModel(ort, session, options);
    const unsupported = model.inputs.find((i) => i.type === 'unsupported');
    if (unsupported) {
      await session.release();
      throw new Error(`input '${unsupported.name}' is not a tensor (sequences and maps are not served)`);
    }
    return model;
  }

  get microBatching(): boolean {
    return this.#batcher !== undefined;
  }

  /** Builds the model's feeds from an enforced request; a request that does not fit is a 400. */
  prepare(input: EnforcedInput): PreparedCall {
    const rows = input.rowCount;
    if (input.kind === 'columns') {
      if (this.inputs.length === 1) {
        const info = this.inputs[0]!;
        const width = input.columns.length;
        const values = new Array<unknown>(rows * width);
        for (let c = 0; c < width; c++) {
          const column = input.columns[c]!.values;
          for (let r = 0; r < rows; r++) values[r * width + c] = column[r];
        }
        const label = (k: number): string => `column '${input.columns[k % width]!.name}'`;
        // A rank-1 input takes one column as a vector.
        const shape = info.shape.length === 1 ? [rows] : [rows, width];
        if (info.shape.length === 1 && width !== 1) throw badRequest(`the model's input '${info.name}' takes one value per row, the request has ${width} columns`);
        return { rows, parts: [{ name: info.name, type: info.type, data: toTyped(values, info.type, label), shape }], batchable: true };
      }
      const byName = new Map(input.columns.map((c) => [c.name, c]));
      const parts = this.inputs.map((info): FeedPart => {
        const column = byName.get(info.name);
        if (!column) throw badRequest(`the model's input '${info.name}' has no matching column; the request has ${JSON.stringify([...byName.keys()])}`);
        const shape = info.shape.length <= 1 ? [rows] : [rows, 1];
        return { name: info.name, type: info.type, data: toTyped(column.values, info.type, () => `column '${info.name}'`), shape };
      });
      return { rows, parts, batchable: true };
    }
    const byName = new Map(input.tensors.map((t) => [t.name, t]));
    const parts = this.inputs.map((info): FeedPart => {
      const tensor = byName.get(info.name) ?? (this.inputs.length === 1 && input.tensors.length === 1 ? input.tensors[0] : undefined);
      if (!tensor) throw badRequest(`the model's input '${info.name}' is missing; the request has ${JSON.stringify([...byName.keys()].map((n) => (n === UNNAMED_TENSOR ? '(unnamed)' : n)))}`);
      const label = (): string => (tensor.name === UNNAMED_TENSOR ? 'the input tensor' : `tensor '${tensor.name}'`);
      let shape = tensor.shape;
      // A single example without its batch dimension gets one, as MLflow's tensor enforcement does.
      if (info.shape.length === shape.length + 1) shape = [1, ...shape];
      if (info.shape.length > 0 && info.shape.length !== shape.length) {
        throw badRequest(`${label()} has shape [${shape.join(', ')}]; the model's input '${info.name}' has rank ${info.shape.length}`);
      }
      return { name: info.name, type: info.type, data: toTyped(tensor.values, info.type, label), shape };
    });
    const first = parts[0]?.shape[0] ?? rows;
    // Inputs that disagree on their first dimension are not rows of one batch: run them as sent.
    const batchable = parts.every((p) => p.shape.length > 0 && p.shape[0] === first);
    return { rows: first, parts, batchable };
  }

  /** Runs prepared feeds, through the micro-batcher when it applies. */
  run(call: PreparedCall): Promise<Map<string, OutputTensor>> {
    return this.#batcher && call.batchable ? this.#batcher.submit(call) : this.#runNow(call);
  }

  async #runNow(call: PreparedCall): Promise<Map<string, OutputTensor>> {
    const feeds: Record<string, Ort.Tensor> = {};
    for (const part of call.parts) {
      feeds[part.name] = new this.#ort.Tensor(part.type as Ort.Tensor.Type, part.data as never, part.shape);
    }
    let results: Ort.InferenceSession.ReturnType;
    try {
      results = await this.#session.run(feeds);
    } catch (error) {
      // MLflow answers a model that cannot evaluate its input with a 400, not a 500.
      throw badRequest(
        `Encountered an unexpected error while evaluating the model. Verify that the input is compatible with the model for inference. Error: ${(error as Error).message}`,
      );
    }
    const outputs = new Map<string, OutputTensor>();
    for (const name of this.outputNames) {
      const tensor = results[name];
      if (tensor) outputs.set(name, { type: tensor.type, dims: tensor.dims, data: tensor.data as ArrayLike<unknown> });
    }
    return outputs;
  }

  async close(): Promise<void> {
    await this.#session.release();
  }
}

/** Values -> the typed array ONNX wants for `type`; a value that does not fit is a 400 naming its column. */
function toTyped(values: readonly unknown[], type: string, label: (index: number) => string): FeedData {
  const n = values.length;
  const fail = (k: number, expected: string): Error => badRequest(`${label(k)}: the model takes ${expected}, got ${describe(values[k])}`);
  const floats = (array: Float32Array | Float64Array): FeedData => {
    for (let k = 0; k < n; k++) {
      const v = values[k];
      if (typeof v === 'number') array[k] = v;
      else if (v === null || v === undefined) array[k] = Number.NaN; // a missing value in an optional column
      else if (typeof v === 'boolean') array[k] = v ? 1 : 0;
      else throw fail(k, `${type} numbers`);
    }
    return array;
  };
  const ints = (array: Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array): FeedData => {
    for (let k = 0; k < n; k++) {
      const v = values[k];
      if (typeof v === 'number' && Number.isInteger(v)) array[k] = v;
      else if (typeof v === 'boolean') array[k] = v ? 1 : 0;
      else throw fail(k, `${type} integers`);
    }
    return array;
  };
  switch (type) {
    case 'float32':
      return floats(new Float32Array(n));
    case 'float64':
      return floats(new Float64Array(n));
    case 'int64':
    case 'uint64': {
      const array = type === 'int64' ? new BigInt64Array(n) : new BigUint64Array(n);
      for (let k = 0; k < n; k++) {
        const v = values[k];
        if (typeof v === 'number' && Number.isInteger(v)) array[k] = BigInt(v);
        else if (typeof v === 'boolean') array[k] = v ? 1n : 0n;
        else throw fail(k, `${type} integers`);
      }
      return array;
    }
    case 'int32':
      return ints(new Int32Array(n));
    case 'int16':
      return ints(new Int16Array(n));
    case 'int8':
      return ints(new Int8Array(n));
    case 'uint8':
      return ints(new Uint8Array(n));
    case 'uint16':
      return ints(new Uint16Array(n));
    case 'uint32':
      return ints(new Uint32Array(n));
    case 'bool': {
      const array = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        const v = values[k];
        if (typeof v === 'boolean') array[k] = v ? 1 : 0;
        else if (v === 0 || v === 1) array[k] = v;
        else throw fail(k, 'booleans');
      }
      return array;
    }
    case 'string': {
      const array = new Array<string>(n);
      for (let k = 0; k < n; k++) {
        const v = values[k];
        if (typeof v !== 'string') throw fail(k, 'strings');
        array[k] = v;
      }
      return array;
    }
    default:
      throw badRequest(`the model's input type ${type} is not supported by strata serve`);
  }
}

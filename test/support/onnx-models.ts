/**
 * Real ONNX graphs for serving tests and benchmarks, built with onnx-proto instead of shipped as
 * opaque binaries, and a writer of MLflow model directories as mlflow.onnx.log_model lays them out
 * (MLmodel with onnx + python_function flavors, model.onnx, input_example.json, signature).
 * Each builder also computes its expected outputs in JS so tests can check the numbers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { stringify } from 'yaml';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** MLflow's column spec as it appears in MLmodel's `signature.inputs` JSON. */
export interface MlflowColumnSpec {
  type: string;
  name?: string;
  required?: boolean;
}

/** MLflow's tensor spec as it appears in MLmodel's `signature.inputs` JSON. */
export interface MlflowTensorSpec {
  type: 'tensor';
  name?: string;
  'tensor-spec': { dtype: string; shape: number[] };
}

export type MlflowSpec = MlflowColumnSpec | MlflowTensorSpec;

export interface OnnxTestModel {
  /** The serialized ModelProto (model.onnx). */
  bytes: Uint8Array;
  signature: { inputs: MlflowSpec[]; outputs: MlflowSpec[] };
  /** input_example.json as MLflow writes it (split orient for frames, `{"inputs": …}` for tensors). */
  inputExample: unknown;
}

// ---------- graph helpers ----------

function dims(shape: (number | string)[]): { dim: { dimValue?: number; dimParam?: string }[] } {
  return { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
}

function valueInfo(name: string, elemType: number, shape: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: dims(shape) } } };
}

function floatTensor(name: string, shape: number[], values: number[]): onnxProto.onnx.ITensorProto {
  return { name, dims: shape, dataType: T.FLOAT, floatData: values };
}

function node(opType: string, inputs: string[], outputs: string[], attribute: onnxProto.onnx.IAttributeProto[] = []): onnxProto.onnx.INodeProto {
  return { opType, input: inputs, output: outputs, name: `${opType}_${outputs[0] ?? ''}`, attribute };
}

function encodeModel(graph: onnxProto.onnx.IGraphProto): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'strata-tests',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A small deterministic PRNG so weights are the same in every run (no Math.random in tests). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

// ---------- models ----------

export interface LogisticRegressionModel extends OnnxTestModel {
  weights: number[];
  bias: number;
  features: string[];
  /** P(class 1) for each row, computed in float64 (compare with a tolerance: the graph is float32). */
  expected(rows: number[][]): number[];
}

/**
 * Logistic regression: `input` float32 [N, F] -> `probability` float32 [N, 1] (MatMul, Add,
 * Sigmoid). The signature is column-based (f0…f{F-1}, double) as mlflow.onnx infers it from a
 * pandas input example, or tensor-based (float32 [-1, F]) with `signature: 'tensor'`.
 */
export function buildLogisticRegression(options: { features?: number; seed?: number; signature?: 'columns' | 'tensor' } = {}): LogisticRegressionModel {
  const f = options.features ?? 30;
  const random = seededRandom(options.seed ?? 42);
  const weights = Array.from({ length: f }, () => Math.round((random() * 2 - 1) * 1000) / 1000);
  const bias = 0.125;
  const features = Array.from({ length: f }, (_, i) => `f${i}`);
  const bytes = encodeModel({
    name: 'logistic_regression',
    node: [node('MatMul', ['input', 'W'], ['z0']), node('Add', ['z0', 'B'], ['z']), node('Sigmoid', ['z'], ['probability'])],
    initializer: [floatTensor('W', [f, 1], weights), floatTensor('B', [1], [bias])],
    input: [valueInfo('input', T.FLOAT, ['N', f])],
    output: [valueInfo('probability', T.FLOAT, ['N', 1])],
  });
  const exampleRow = features.map((_, i) => Math.round(Math.sin(i + 1) * 100) / 100);
  const tensorSignature = options.signature === 'tensor';
  return {
    bytes,
    weights,
    bias,
    features,
    signature: {
      inputs: tensorSignature
        ? [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, f] } }]
        : features.map((name) => ({ type: 'double', name, required: true })),
      outputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 1] } }],
    },
    inputExample: tensorSignature ? { inputs: [exampleRow] } : { columns: features, data: [exampleRow] },
    expected: (rows) =>
      rows.map((row) => {
        const z = row.reduce((sum, x, i) => sum + x * (weights[i] ?? 0), bias);
        return 1 / (1 + Math.exp(-z));
      }),
  };
}

/**
 * Two outputs: `x` float32 [N, 4] -> `score` float32 [N, 1] (sum of x) and `label` int64 [N]
 * (score > 0). Predictions come back as `{score: […], label: […]}`.
 */
export function buildTwoOutputModel(): OnnxTestModel & { expected(rows: number[][]): { score: number[]; label: number[] } } {
  const features = ['a', 'b', 'c', 'd'];
  const bytes = encodeModel({
    name: 'two_outputs',
    node: [
      node('MatMul', ['x', 'ones'], ['score']),
      node('Greater', ['score', 'zero'], ['positive']),
      node('Cast', ['positive'], ['label2d'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.INT64 }]),
      node('Squeeze', ['label2d', 'axes'], ['label']),
    ],
    initializer: [
      floatTensor('ones', [4, 1], [1, 1, 1, 1]),
      floatTensor('zero', [1], [0]),
      { name: 'axes', dims: [1], dataType: T.INT64, int64Data: [1] },
    ],
    input: [valueInfo('x', T.FLOAT, ['N', 4])],
    output: [valueInfo('score', T.FLOAT, ['N', 1]), valueInfo('label', T.INT64, ['N'])],
  });
  return {
    bytes,
    signature: {
      inputs: features.map((name) => ({ type: 'float', name, required: true })),
      outputs: [
        { type: 'tensor', name: 'score', 'tensor-spec': { dtype: 'float32', shape: [-1, 1] } },
        { type: 'tensor', name: 'label', 'tensor-spec': { dtype: 'int64', shape: [-1] } },
      ],
    },
    inputExample: { columns: features, data: [[1, -2, 0.5, 3]] },
    expected: (rows) => {
      const score = rows.map((r) => r.reduce((s, x) => s + x, 0));
      return { score, label: score.map((s) => (s > 0 ? 1 : 0)) };
    },
  };
}

/**
 * One ONNX input per column, of different types: `count` int64 [N, 1] and `amount` float64 [N, 1]
 * -> `total` float64 [N, 1] = count * amount. The signature names `count` long and `amount` double.
 */
export function buildInt64InputModel(): OnnxTestModel & { expected(rows: [number, number][]): number[] } {
  const bytes = encodeModel({
    name: 'int64_input',
    node: [
      node('Cast', ['count'], ['count_d'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.DOUBLE }]),
      node('Mul', ['count_d', 'amount'], ['total']),
    ],
    input: [valueInfo('count', T.INT64, ['N', 1]), valueInfo('amount', T.DOUBLE, ['N', 1])],
    output: [valueInfo('total', T.DOUBLE, ['N', 1])],
  });
  return {
    bytes,
    signature: {
      inputs: [
        { type: 'long', name: 'count', required: true },
        { type: 'double', name: 'amount', required: true },
      ],
      outputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float64', shape: [-1, 1] } }],
    },
    inputExample: { columns: ['count', 'amount'], data: [[3, 2.5]] },
    expected: (rows) => rows.map(([count, amount]) => count * amount),
  };
}

// ---------- MLflow model directory ----------

export interface WriteModelDirectoryOptions {
  /** Leave out the onnx flavor (only python_function), to test a refused load. */
  withoutOnnxFlavor?: boolean;
  /** Write these bytes as model.onnx instead of the model's (a corrupt file). */
  modelFileBytes?: Uint8Array;
  /** Do not write model.onnx at all. */
  withoutModelFile?: boolean;
  withoutSignature?: boolean;
  withoutInputExample?: boolean;
}

/** The MLmodel document mlflow.onnx.log_model (MLflow 2.17) writes for `model`. */
export function mlmodelDocument(model: OnnxTestModel, options: WriteModelDirectoryOptions = {}): Record<string, unknown> {
  const isTensorExample = typeof model.inputExample === 'object' && model.inputExample !== null && 'inputs' in model.inputExample;
  const flavors: Record<string, unknown> = {};
  if (!options.withoutOnnxFlavor) {
    flavors.onnx = { code: null, data: 'model.onnx', onnx_version: '1.16.1', providers: ['CUDAExecutionProvider', 'CPUExecutionProvider'] };
  }
  flavors.python_function = {
    data: 'model.onnx',
    env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
    loader_module: 'mlflow.onnx',
    python_version: '3.10.12',
  };
  const doc: Record<string, unknown> = {
    artifact_path: 'model',
    flavors,
    mlflow_version: '2.17.2',
    model_size_bytes: model.bytes.byteLength,
    model_uuid: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    run_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    utc_time_created: '2026-01-01 00:00:00.000000',
  };
  if (!options.withoutInputExample) {
    doc.saved_input_example_info = isTensorExample
      ? { artifact_path: 'input_example.json', type: 'ndarray', format: 'tf-serving', serving_input_path: 'serving_input_example.json' }
      : { artifact_path: 'input_example.json', type: 'dataframe', pandas_orient: 'split', serving_input_path: 'serving_input_example.json' };
  }
  if (!options.withoutSignature) {
    doc.signature = { inputs: JSON.stringify(model.signature.inputs), outputs: JSON.stringify(model.signature.outputs), params: null };
  }
  return doc;
}

/** Writes an MLflow model directory for `model` into `dir` (created if needed). */
export async function writeMlflowModelDirectory(dir: string, model: OnnxTestModel, options: WriteModelDirectoryOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'MLmodel'), stringify(mlmodelDocument(model, options)));
  if (!options.withoutModelFile) await writeFile(join(dir, 'model.onnx'), options.modelFileBytes ?? model.bytes);
  if (!options.withoutInputExample) {
    await writeFile(join(dir, 'input_example.json'), JSON.stringify(model.inputExample));
    const isTensor = typeof model.inputExample === 'object' && model.inputExample !== null && 'inputs' in model.inputExample;
    const serving = isTensor ? model.inputExample : { dataframe_split: model.inputExample };
    await writeFile(join(dir, 'serving_input_example.json'), JSON.stringify(serving));
  }
  await writeFile(join(dir, 'requirements.txt'), 'mlflow==2.17.2\nonnx==1.16.1\nonnxruntime==1.19.2\n');
}

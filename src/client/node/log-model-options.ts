/** Options and result of `ActiveRun.logModel` (types only, so the browser-safe core can name them). */

/** One column of MLflow's column-based signature, as MLflow writes it in MLmodel. */
export interface ColumnSignatureEntry {
  name?: string;
  /** MLflow's DataType: double, float, long, integer, boolean, string, binary, datetime. */
  type: string;
  /** MLflow 2.x writes `required`; absent means required. */
  required?: boolean;
}

/** One tensor of MLflow's tensor-based signature. */
export interface TensorSignatureEntry {
  name?: string;
  type: 'tensor';
  'tensor-spec': { dtype: string; shape: number[] };
}

export type SignatureEntry = ColumnSignatureEntry | TensorSignatureEntry;

export interface ModelSignatureOptions {
  inputs: SignatureEntry[];
  outputs?: SignatureEntry[];
}

/**
 * An input example: rows as records (`[{ f0: 1.5, f1: 2 }]`) or MLflow's split orient
 * (`{ columns: ['f0', 'f1'], data: [[1.5, 2]] }`). Written as pandas split orient, as MLflow does.
 */
export type InputExample = Array<Record<string, unknown>> | { columns: string[]; data: unknown[][] };

export interface LogModelOptions {
  /** The artifact path of the model directory in the run (MLflow's `artifact_path`/`name`). Default `model`. */
  path?: string;
  /** The ONNX model: a file path or its bytes. */
  onnx: string | Uint8Array;
  signature?: ModelSignatureOptions;
  inputExample?: InputExample;
  /** Registers the logged model as a new version of this registered model (created if missing). */
  registeredModelName?: string;
  /** Execution providers MLflow's onnx flavor records (default CPUExecutionProvider). */
  providers?: string[];
  /** The `onnx_version` recorded in the onnx flavor (the Python onnx package that would load it). */
  onnxVersion?: string;
}

export interface LoggedModel {
  /** `runs:/<run id>/<path>`. */
  modelUri: string;
  artifactPath: string;
  modelUuid: string;
  /** The registered version, when `registeredModelName` was given. */
  registeredVersion?: { name: string; version: string };
}

/**
 * The MLmodel file of an ONNX model as `mlflow.onnx.log_model` writes it, so MLflow's Python
 * client (`mlflow.pyfunc.load_model`), `mlflow models serve` and `strata serve` all read a
 * model logged from TypeScript. Pure: builds the document and the small side files; writing
 * them is log-model.ts's job.
 */
import { stringify } from 'yaml';
import type { InputExample, ModelSignatureOptions, SignatureEntry } from './log-model-options.js';

export const MLMODEL_FILE = 'MLmodel';
export const ONNX_MODEL_FILE = 'model.onnx';
export const INPUT_EXAMPLE_FILE = 'input_example.json';
export const SERVING_INPUT_EXAMPLE_FILE = 'serving_input_example.json';
/** What the python_function flavor's env names; MLflow writes all three beside MLmodel. */
export const ENV_FILES = { conda: 'conda.yaml', virtualenv: 'python_env.yaml', requirements: 'requirements.txt' } as const;

/** The Python onnx release recorded when the caller names none (any 1.x reads opset ≤ 21 graphs). */
export const DEFAULT_ONNX_VERSION = '1.17.0';

export interface MlmodelInput {
  artifactPath: string;
  runId: string;
  modelUuid: string;
  createdAt: Date;
  signature?: ModelSignatureOptions;
  hasInputExample: boolean;
  providers?: string[];
  onnxVersion?: string;
}

/** The MLmodel document as an object (what runs/log-model receives as `model_json`, too). */
export function mlmodelDocument(input: MlmodelInput): Record<string, unknown> {
  const document: Record<string, unknown> = {
    artifact_path: input.artifactPath,
    flavors: {
      onnx: {
        code: null,
        data: ONNX_MODEL_FILE,
        onnx_version: input.onnxVersion ?? DEFAULT_ONNX_VERSION,
        providers: input.providers ?? ['CPUExecutionProvider'],
      },
      python_function: {
        data: ONNX_MODEL_FILE,
        env: { conda: ENV_FILES.conda, virtualenv: ENV_FILES.virtualenv },
        loader_module: 'mlflow.onnx',
      },
    },
    model_uuid: input.modelUuid,
    run_id: input.runId,
    utc_time_created: pythonUtcTime(input.createdAt),
  };
  if (input.signature) document.signature = signatureDocument(input.signature);
  if (input.hasInputExample) {
    document.saved_input_example_info = {
      artifact_path: INPUT_EXAMPLE_FILE,
      type: 'dataframe',
      pandas_orient: 'split',
      serving_input_path: SERVING_INPUT_EXAMPLE_FILE,
    };
  }
  return document;
}

export function mlmodelYaml(document: Record<string, unknown>): string {
  return stringify(document, { lineWidth: 0 });
}

/** MLflow stores each side of a signature as a JSON string inside the YAML. */
function signatureDocument(signature: ModelSignatureOptions): Record<string, string | null> {
  return {
    inputs: JSON.stringify(signature.inputs.map(withRequired)),
    outputs: signature.outputs ? JSON.stringify(signature.outputs.map(withRequired)) : null,
    params: null,
  };
}

/** MLflow 2.x writes `required: true` on every column and tensor entry. */
function withRequired(entry: SignatureEntry): SignatureEntry & { required: boolean } {
  return { ...entry, required: 'required' in entry && entry.required === false ? false : true };
}

/** Split orient: `{ columns, data }` from records or from split already. */
export function splitExample(example: InputExample): { columns: string[]; data: unknown[][] } {
  if (!Array.isArray(example)) return { columns: [...example.columns], data: example.data.map((row) => [...row]) };
  const columns = [...new Set(example.flatMap((row) => Object.keys(row)))];
  return { columns, data: example.map((row) => columns.map((column) => row[column] ?? null)) };
}

/** The side files beside MLmodel and model.onnx: input examples and the Python environment. */
export function sideFiles(example: InputExample | undefined, onnxVersion: string | undefined): Record<string, string> {
  const onnx = onnxVersion ?? DEFAULT_ONNX_VERSION;
  const requirements = ['mlflow', `onnx==${onnx}`, 'onnxruntime'];
  const files: Record<string, string> = {
    [ENV_FILES.requirements]: `${requirements.join('\n')}\n`,
    [ENV_FILES.virtualenv]: stringify({ python: '3.10', build_dependencies: ['pip'], dependencies: ['-r requirements.txt'] }),
    [ENV_FILES.conda]: stringify({ name: 'mlflow-env', channels: ['conda-forge'], dependencies: ['python=3.10', 'pip', { pip: requirements }] }),
  };
  if (example) {
    const split = splitExample(example);
    files[INPUT_EXAMPLE_FILE] = JSON.stringify(split);
    files[SERVING_INPUT_EXAMPLE_FILE] = JSON.stringify({ dataframe_split: split }, null, 2);
  }
  return files;
}

/** Python's `str(datetime.utcnow())`: `2026-12-07 10:41:00.123000`. */
function pythonUtcTime(date: Date): string {
  const iso = date.toISOString(); // 2026-12-07T10:41:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

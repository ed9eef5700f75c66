/**
 * MLflow's MLmodel file (YAML) as mlflow.onnx writes it: the onnx flavor's `data` names the model
 * file, `signature` holds the JSON-string specs, `saved_input_example_info` points at the input
 * example. Only what serving needs is read; the rest is MLflow's business.
 */
import { readFile } from 'node:fs/promises';
import { join, normalize, isAbsolute } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ModelSignature, ScoringFrame } from '../contracts.js';
import { parseModelSignature, SignatureFormatError } from '../scoring/model-signature.js';
import { parseScoringRequest } from '../scoring/parse-scoring-request.js';
import { ModelLoadError } from './model-load-error.js';

export interface MlmodelFile {
  /** Flavor names (onnx, python_function, …). */
  flavors: string[];
  /** The onnx flavor's model file, relative to the model directory. */
  onnxModelFile: string;
  signature: ModelSignature | undefined;
  /** input_example.json's path relative to the directory, when the model saved one. */
  inputExampleFile: string | undefined;
  /** `dataframe` (split or records orient) or `ndarray` (`{"inputs": …}`); MLflow's `type`. */
  inputExampleType: string | undefined;
  inputExampleOrient: string | undefined;
}

function insideDirectory(file: string, what: string): string {
  const path = normalize(file);
  if (isAbsolute(path) || path.startsWith('..')) throw new ModelLoadError('invalid_mlmodel', `MLmodel's ${what} '${file}' points outside the model directory`);
  return path;
}

export async function readMlmodelFile(dir: string): Promise<MlmodelFile> {
  let text: string;
  try {
    text = await readFile(join(dir, 'MLmodel'), 'utf8');
  } catch (error) {
    throw new ModelLoadError('missing_mlmodel', `${dir} has no MLmodel file: is it an MLflow model directory?`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ModelLoadError('invalid_mlmodel', `MLmodel in ${dir} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (typeof doc !== 'object' || doc === null) throw new ModelLoadError('invalid_mlmodel', `MLmodel in ${dir} is not a mapping`);
  const record = doc as Record<string, unknown>;
  const flavorsRaw = record.flavors;
  const flavors = typeof flavorsRaw === 'object' && flavorsRaw !== null ? (flavorsRaw as Record<string, unknown>) : {};
  const onnx = flavors.onnx as Record<string, unknown> | undefined;
  if (!onnx) {
    const names = Object.keys(flavors);
    throw new ModelLoadError(
      'missing_flavor',
      `the model has no onnx flavor (flavors: ${names.length > 0 ? names.join(', ') : 'none'}); strata serve runs ONNX models only — log it with mlflow.onnx or run.logModel({ onnx })`,
    );
  }
  const data = typeof onnx.data === 'string' ? onnx.data : 'model.onnx';
  let signature: ModelSignature | undefined;
  try {
    signature = parseModelSignature(record.signature);
  } catch (error) {
    if (error instanceof SignatureFormatError) throw new ModelLoadError('invalid_signature', `MLmodel's signature is unreadable: ${error.message}`, { cause: error });
    throw error;
  }
  const info = record.saved_input_example_info as Record<string, unknown> | undefined;
  const exampleFile = typeof info?.artifact_path === 'string' ? insideDirectory(info.artifact_path, 'input example') : undefined;
  return {
    flavors: Object.keys(flavors),
    onnxModelFile: insideDirectory(data, 'onnx flavor data'),
    signature,
    inputExampleFile: exampleFile,
    inputExampleType: typeof info?.type === 'string' ? info.type : undefined,
    inputExampleOrient: typeof info?.pandas_orient === 'string' ? info.pandas_orient : undefined,
  };
}

/**
 * The saved input example as a scoring frame. MLflow stores a dataframe example in pandas' split
 * (or records) orient and an ndarray example as `{"inputs": …}`. An unreadable example is not a
 * load failure (MLflow serves such models), only a model without warm-up.
 */
export async function readInputExample(dir: string, mlmodel: MlmodelFile): Promise<ScoringFrame | undefined> {
  if (!mlmodel.inputExampleFile) return undefined;
  let text: string;
  try {
    text = await readFile(join(dir, mlmodel.inputExampleFile), 'utf8');
  } catch {
    return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  let body: unknown = doc;
  if (Array.isArray(doc)) {
    body = mlmodel.inputExampleType === 'dataframe' || mlmodel.inputExampleOrient === 'records' ? { dataframe_records: doc } : { inputs: doc };
  } else if (typeof doc === 'object' && doc !== null && !('inputs' in doc) && !('instances' in doc) && !('dataframe_split' in doc) && !('dataframe_records' in doc)) {
    body = { dataframe_split: doc };
  }
  try {
    return parseScoringRequest(JSON.stringify(body), 'json').frame;
  } catch {
    return undefined;
  }
}

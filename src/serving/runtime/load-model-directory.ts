/**
 * A downloaded MLflow model directory -> a LoadedModel: read MLmodel, refuse what Strata cannot
 * serve (no onnx flavor, a missing or corrupt model file), parse the signature and input example,
 * open the ONNX session. Throws ModelLoadError; never half-loads.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedModel, ModelSignature, Predictions, ScoringFrame } from '../contracts.js';
import { enforceSignature } from '../scoring/enforce-signature.js';
import { formatPredictions } from '../scoring/format-predictions.js';
import { badRequest } from '../scoring/scoring-error.js';
import { readInputExample, readMlmodelFile } from './mlmodel-file.js';
import { ModelLoadError } from './model-load-error.js';
import { OnnxModel } from './onnx-model.js';

export interface LoadModelDirectoryOptions {
  /** The registry version the directory holds (`'7'`), or `'local'`. */
  version: string;
  /** The URI the caller asked for (`models:/fraud@production`), shown by /health. */
  modelUri: string;
  /** Group concurrent requests into one session.run (default true). */
  microBatch?: boolean;
  /** onnxruntime threads per run (default 1). */
  intraOpThreads?: number;
  /** Told the size of each merged run (calls, rows). */
  onBatch?: (calls: number, rows: number) => void;
  /**
   * Most rows one call may score; more is a 400. Unset: no limit of the model's own (the scoring
   * server has one per request, `maxRows`, default 10,000).
   */
  maxRows?: number;
}

class OnnxLoadedModel implements LoadedModel {
  readonly version: string;
  readonly modelUri: string;
  readonly signature: ModelSignature | undefined;
  readonly inputExample: ScoringFrame | undefined;
  readonly #onnx: OnnxModel;
  readonly #maxRows: number | undefined;
  #closed: Promise<void> | undefined;

  constructor(onnx: OnnxModel, options: LoadModelDirectoryOptions, signature: ModelSignature | undefined, inputExample: ScoringFrame | undefined) {
    this.#onnx = onnx;
    this.#maxRows = options.maxRows;
    this.version = options.version;
    this.modelUri = options.modelUri;
    this.signature = signature;
    this.inputExample = inputExample;
  }

  async predict(frame: ScoringFrame): Promise<Predictions> {
    if (this.#closed) throw new Error(`model version ${this.version} is closed`);
    const enforced = enforceSignature(frame, this.signature);
    if (this.#maxRows !== undefined && enforced.rowCount > this.#maxRows) {
      throw badRequest(`The request has ${enforced.rowCount} rows; this model scores at most ${this.#maxRows} per request`);
    }
    const call = this.#onnx.prepare(enforced);
    return formatPredictions(await this.#onnx.run(call));
  }

  close(): Promise<void> {
    this.#closed ??= this.#onnx.close();
    return this.#closed;
  }
}

export async function loadModelDirectory(dir: string, options: LoadModelDirectoryOptions): Promise<LoadedModel> {
  const mlmodel = await readMlmodelFile(dir);
  const file = join(dir, mlmodel.onnxModelFile);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ModelLoadError('missing_model_file', `the onnx flavor's model file ${mlmodel.onnxModelFile} is missing from ${dir}`, { cause: error });
  }
  if (bytes.byteLength === 0) throw new ModelLoadError('corrupt_model_file', `${mlmodel.onnxModelFile} in ${dir} is empty`);
  let onnx: OnnxModel;
  try {
    onnx = await OnnxModel.open(bytes, { microBatch: options.microBatch, intraOpThreads: options.intraOpThreads, onBatch: options.onBatch });
  } catch (error) {
    throw new ModelLoadError('corrupt_model_file', `onnxruntime could not load ${mlmodel.onnxModelFile}: ${(error as Error).message}`, { cause: error });
  }
  const inputExample = await readInputExample(dir, mlmodel);
  return new OnnxLoadedModel(onnx, options, mlmodel.signature, inputExample);
}

/**
 * A downloaded MLflow model directory -> a LoadedModel: read MLmodel, refuse what Strata cannot
 * serve (no onnx flavor, a missing or corrupt model file), parse the signature and input example,
 * open the ONNX session. Throws ModelLoadError; never half-loads.
 */
import type { LoadedModel } from '../contracts.js';

export interface LoadModelDirectoryOptions {
  /** The registry version the directory holds (`'7'`), or `'local'`. */
  version: string;
  /** The URI the caller asked for (`models:/fraud@production`), shown by /health. */
  modelUri: string;
  /** Group concurrent single-row requests into one session.run (default true). */
  microBatch?: boolean;
  /** Most rows one request may score (default 10,000); more is a 400. */
  maxRows?: number;
}

export async function loadModelDirectory(dir: string, options: LoadModelDirectoryOptions): Promise<LoadedModel> {
  void dir;
  void options;
  throw new Error('loadModelDirectory: not implemented yet');
}

/**
 * `run.logModel`: an ONNX model as an MLflow model directory (MLmodel, model.onnx, input
 * example, environment files) in the run's artifacts, recorded in the run's
 * `mlflow.log-model.history` tag through runs/log-model as MLflow's Python client does, and
 * optionally registered as a new version, so the TypeScript side can produce what
 * `strata serve` (or `mlflow models serve`) runs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StrataClient } from '../strata-client.js';
import { joinArtifactPaths } from '../artifact-location.js';
import { logArtifacts } from './upload-artifacts.js';
import type { LogModelOptions, LoggedModel } from './log-model-options.js';
import { MLMODEL_FILE, ONNX_MODEL_FILE, mlmodelDocument, mlmodelYaml, sideFiles } from './mlmodel-document.js';

export async function logModel(client: StrataClient, runId: string, options: LogModelOptions): Promise<LoggedModel> {
  const artifactPath = joinArtifactPaths(options.path ?? 'model');
  if (artifactPath === '') throw new Error('logModel: path must name a directory in the run\'s artifacts');
  const modelUuid = randomUUID().replaceAll('-', '');
  const document = mlmodelDocument({
    artifactPath,
    runId,
    modelUuid,
    createdAt: new Date(),
    hasInputExample: options.inputExample !== undefined,
    ...(options.signature ? { signature: options.signature } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.onnxVersion ? { onnxVersion: options.onnxVersion } : {}),
  });
  const dir = await writeModelDirectory(document, options);
  try {
    await logArtifacts(client, runId, dir, artifactPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await client.logModelInfo(runId, JSON.stringify(document));
  const logged: LoggedModel = { modelUri: `runs:/${runId}/${artifactPath}`, artifactPath, modelUuid };
  if (options.registeredModelName === undefined) return logged;
  const version = await client.registry.registerModel(runId, artifactPath, options.registeredModelName);
  return { ...logged, registeredVersion: { name: version.name, version: version.version } };
}

/** The model directory in a temporary folder, ready to upload. */
async function writeModelDirectory(document: Record<string, unknown>, options: LogModelOptions): Promise<string> {
  const onnx = typeof options.onnx === 'string' ? await readFile(options.onnx) : options.onnx;
  if (onnx.byteLength === 0) throw new Error('logModel: the ONNX model is empty');
  const dir = await mkdtemp(join(tmpdir(), 'strata-log-model-'));
  try {
    await writeFile(join(dir, ONNX_MODEL_FILE), onnx);
    await writeFile(join(dir, MLMODEL_FILE), mlmodelYaml(document));
    for (const [name, text] of Object.entries(sideFiles(options.inputExample, options.onnxVersion))) await writeFile(join(dir, name), text);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

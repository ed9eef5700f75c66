// run.logModel (issue 15): an ONNX model logged from TypeScript is the model directory
// mlflow.onnx.log_model writes (MLmodel with the onnx and python_function flavors, the
// signature as JSON strings, the input example in pandas split orient), recorded in the run's
// mlflow.log-model.history tag, and registered when asked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { StrataClient } from '../../src/client/strata-client.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

/** Not a graph the runtime could run: this test is about the directory, not the model. */
const ONNX_BYTES = new Uint8Array([0x08, 0x07, 0x12, 0x04, 0x74, 0x65, 0x73, 0x74]);

const SIGNATURE = {
  inputs: [{ name: 'f0', type: 'double' }, { name: 'f1', type: 'double' }],
  outputs: [{ type: 'tensor' as const, 'tensor-spec': { dtype: 'float32', shape: [-1, 1] } }],
};

describe('run.logModel', () => {
  let server: TestServer;
  let client: StrataClient;
  let scratch: string;

  before(async () => {
    server = await startTestServer();
    client = new StrataClient({ trackingUri: server.url, retry: { maxAttempts: 1 } });
    scratch = await mkdtemp(join(tmpdir(), 'strata-log-model-test-'));
  });
  after(async () => {
    await server?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes the MLmodel mlflow.onnx.log_model writes, beside model.onnx and the input example', async () => {
    const run = await client.startRun({ experiment: 'log-model', endOnExit: false });
    const logged = await run.logModel({ onnx: ONNX_BYTES, signature: SIGNATURE, inputExample: [{ f0: 1.5, f1: 2 }, { f0: 3, f1: 4 }] });
    assert.equal(logged.modelUri, `runs:/${run.runId}/model`);

    const dir = await client.downloadArtifacts(run.runId, 'model', scratch);
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['MLmodel', 'conda.yaml', 'input_example.json', 'model.onnx', 'python_env.yaml', 'requirements.txt', 'serving_input_example.json']);
    assert.deepEqual(new Uint8Array(await readFile(join(dir, 'model.onnx'))), ONNX_BYTES);

    const mlmodel = parse(await readFile(join(dir, 'MLmodel'), 'utf8'));
    assert.equal(mlmodel.artifact_path, 'model');
    assert.equal(mlmodel.run_id, run.runId);
    assert.equal(mlmodel.model_uuid, logged.modelUuid);
    assert.match(mlmodel.utc_time_created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.deepEqual(mlmodel.flavors.onnx, { code: null, data: 'model.onnx', onnx_version: '1.17.0', providers: ['CPUExecutionProvider'] });
    assert.deepEqual(mlmodel.flavors.python_function, {
      data: 'model.onnx',
      env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
      loader_module: 'mlflow.onnx',
    });
    // MLflow keeps each side of the signature as a JSON string inside the YAML.
    assert.equal(typeof mlmodel.signature.inputs, 'string');
    assert.deepEqual(JSON.parse(mlmodel.signature.inputs), [
      { name: 'f0', type: 'double', required: true },
      { name: 'f1', type: 'double', required: true },
    ]);
    assert.deepEqual(JSON.parse(mlmodel.signature.outputs), [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 1] }, required: true }]);
    assert.deepEqual(mlmodel.saved_input_example_info, {
      artifact_path: 'input_example.json',
      type: 'dataframe',
      pandas_orient: 'split',
      serving_input_path: 'serving_input_example.json',
    });
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'input_example.json'), 'utf8')), { columns: ['f0', 'f1'], data: [[1.5, 2], [3, 4]] });
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'serving_input_example.json'), 'utf8')), {
      dataframe_split: { columns: ['f0', 'f1'], data: [[1.5, 2], [3, 4]] },
    });
    await run.end();
  });

  it('records the model in mlflow.log-model.history as the server\'s log-model route keeps it', async () => {
    const run = await client.startRun({ experiment: 'log-model', endOnExit: false });
    const first = await run.logModel({ path: 'onnx/a', onnx: ONNX_BYTES });
    const second = await run.logModel({ path: 'onnx/b', onnx: ONNX_BYTES });
    const { run: stored } = await client.getRun({ run_id: run.runId });
    const tag = stored.data.tags?.find((t) => t.key === 'mlflow.log-model.history');
    assert.ok(tag, 'the logged-models tag is set');
    const history = JSON.parse(tag.value) as Array<Record<string, unknown>>;
    assert.deepEqual(history.map((h) => [h.artifact_path, h.model_uuid, h.run_id]), [
      ['onnx/a', first.modelUuid, run.runId],
      ['onnx/b', second.modelUuid, run.runId],
    ]);
    assert.deepEqual(Object.keys(history[0]!.flavors as object).sort(), ['onnx', 'python_function']);
    await run.end();
  });

  it('registers a new version from the run when registeredModelName is given', async () => {
    const run = await client.startRun({ experiment: 'log-model', endOnExit: false });
    const v1 = await run.logModel({ onnx: ONNX_BYTES, registeredModelName: 'fraud' });
    const v2 = await run.logModel({ path: 'model2', onnx: ONNX_BYTES, registeredModelName: 'fraud' });
    assert.deepEqual([v1.registeredVersion, v2.registeredVersion], [{ name: 'fraud', version: '1' }, { name: 'fraud', version: '2' }]);
    const resolved = await client.registry.resolveModelUri('models:/fraud/2');
    assert.equal(resolved.source, `runs:/${run.runId}/model2`);
    await run.end();
  });

  it('reads the ONNX model from a file path and refuses an empty one', async () => {
    const run = await client.startRun({ experiment: 'log-model', endOnExit: false });
    const file = join(scratch, 'empty.onnx');
    await writeFile(file, '');
    await assert.rejects(run.logModel({ onnx: file }), /the ONNX model is empty/);
    await run.end();
  });
});

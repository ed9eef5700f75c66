import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  buildInt64InputModel,
  buildLogisticRegression,
  buildTwoOutputModel,
  writeMlflowModelDirectory,
} from '../../../test/support/onnx-models.js';
import type { LoadedModel } from '../contracts.js';
import { parseScoringRequest } from '../scoring/parse-scoring-request.js';
import { ScoringError } from '../scoring/scoring-error.js';
import { loadModelDirectory } from './load-model-directory.js';
import { ModelLoadError } from './model-load-error.js';
import { warmUpModel } from './warm-up.js';

const frame = (value: unknown) => parseScoringRequest(JSON.stringify(value), 'json').frame;

function close(actual: unknown, expected: number[]): void {
  assert.ok(Array.isArray(actual), `predictions ${JSON.stringify(actual)}`);
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs((v as number) - expected[i]!) < 1e-5, `row ${i}: ${String(v)} vs ${expected[i]}`));
}

describe('loadModelDirectory', () => {
  let root: string;
  const opened: LoadedModel[] = [];
  const load = async (dir: string) => {
    const model = await loadModelDirectory(dir, { version: '3', modelUri: 'models:/fraud@production' });
    opened.push(model);
    return model;
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'strata-serving-load-'));
  });
  after(async () => {
    await Promise.all(opened.map((m) => m.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('serves a 30-feature logistic regression from an MLflow directory, by column name', async () => {
    const lr = buildLogisticRegression();
    await writeMlflowModelDirectory(join(root, 'lr'), lr);
    const model = await load(join(root, 'lr'));
    assert.equal(model.version, '3');
    assert.equal(model.modelUri, 'models:/fraud@production');
    assert.equal(model.signature?.inputs.kind, 'columns');
    assert.ok(model.inputExample, 'the saved input example is read');
    await warmUpModel(model);
    const rows = [lr.features.map((_, i) => i / 10), lr.features.map((_, i) => -i / 7)];
    // Columns in another order, plus one the model does not know: matched by name, extra ignored.
    const columns = [...lr.features].reverse().concat('note');
    const data = rows.map((row): unknown[] => [...[...row].reverse(), 'x']);
    close(await model.predict(frame({ dataframe_split: { columns, data } })), lr.expected(rows));
  });

  it('answers concurrent calls correctly when they share a run', async () => {
    const lr = buildLogisticRegression({ seed: 7 });
    await writeMlflowModelDirectory(join(root, 'lr-batch'), lr);
    const model = await load(join(root, 'lr-batch'));
    const rows = Array.from({ length: 40 }, (_, r) => lr.features.map((_, i) => Math.sin(r * 31 + i)));
    const answers = await Promise.all(rows.map((row) => model.predict(frame({ dataframe_split: { columns: lr.features, data: [row] } }))));
    answers.forEach((answer, r) => close(answer, lr.expected([rows[r]!])));
  });

  it('feeds a tensor signature from inputs and instances', async () => {
    const lr = buildLogisticRegression({ signature: 'tensor', features: 5 });
    await writeMlflowModelDirectory(join(root, 'lr-tensor'), lr);
    const model = await load(join(root, 'lr-tensor'));
    await warmUpModel(model);
    const rows = [[1, 2, 3, 4, 5], [0, 0, 0, 0, 0]];
    close(await model.predict(frame({ inputs: rows })), lr.expected(rows));
    close(await model.predict(frame({ instances: rows })), lr.expected(rows));
  });

  it('refuses more rows than the model\'s own limit with a 400', async () => {
    const lr = buildLogisticRegression({ features: 2 });
    await writeMlflowModelDirectory(join(root, 'limited'), lr);
    const model = await loadModelDirectory(join(root, 'limited'), { version: '1', modelUri: 'm', maxRows: 2 });
    opened.push(model);
    close(await model.predict(frame({ inputs: { f0: [1, 2], f1: [3, 4] } })), lr.expected([[1, 3], [2, 4]]));
    await assert.rejects(model.predict(frame({ inputs: { f0: [1, 2, 3], f1: [3, 4, 5] } })), (error: unknown) => {
      assert.ok(error instanceof ScoringError);
      assert.equal(error.status, 400);
      assert.match(error.message, /3 rows; this model scores at most 2/);
      return true;
    });
  });

  it('answers {name: list} for a model with two outputs', async () => {
    const two = buildTwoOutputModel();
    await writeMlflowModelDirectory(join(root, 'two'), two);
    const model = await load(join(root, 'two'));
    const rows = [[1, 2, 3, -10], [1, 1, 1, 1]];
    const predictions = await model.predict(frame({ dataframe_records: rows.map(([a, b, c, d]) => ({ a, b, c, d })) }));
    assert.deepEqual(predictions, two.expected(rows));
  });

  it('feeds int64 and float64 inputs, one per column, from CSV too', async () => {
    const i64 = buildInt64InputModel();
    await writeMlflowModelDirectory(join(root, 'i64'), i64);
    const model = await load(join(root, 'i64'));
    assert.deepEqual(await model.predict(parseScoringRequest('amount,count\n2.5,3\n1,4\n', 'csv').frame), [7.5, 4]);
    await assert.rejects(model.predict(frame({ dataframe_records: [{ count: 1.5, amount: 1 }] })), (error: unknown) => {
      assert.ok(error instanceof ScoringError);
      assert.equal(error.status, 400);
      assert.match(error.message, /column 'count' expects type long/);
      return true;
    });
  });

  it('serves a model without signature, feeding columns by position', async () => {
    const lr = buildLogisticRegression({ features: 3 });
    await writeMlflowModelDirectory(join(root, 'nosig'), lr, { withoutSignature: true, withoutInputExample: true });
    const model = await load(join(root, 'nosig'));
    assert.equal(model.signature, undefined);
    assert.equal(model.inputExample, undefined);
    await warmUpModel(model); // nothing to run: resolves
    close(await model.predict(frame({ dataframe_split: { columns: ['x', 'y', 'z'], data: [[1, 2, 3]] } })), lr.expected([[1, 2, 3]]));
    await assert.rejects(model.predict(frame({ dataframe_split: { columns: ['x', 'y', 'z'], data: [[1, 'two', 3]] } })), /column 'y': the model takes float32 numbers/);
  });

  async function refused(dir: string, reason: string, pattern: RegExp): Promise<void> {
    await assert.rejects(load(dir), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError, String(error));
      assert.equal(error.reason, reason);
      assert.match(error.message, pattern);
      return true;
    });
  }

  it('refuses a directory without MLmodel, without onnx flavor, or with a missing or corrupt model file', async () => {
    const lr = buildLogisticRegression({ features: 3 });
    await refused(join(root, 'nothing-here'), 'missing_mlmodel', /no MLmodel file/);
    await writeMlflowModelDirectory(join(root, 'pyfunc-only'), lr, { withoutOnnxFlavor: true });
    await refused(join(root, 'pyfunc-only'), 'missing_flavor', /no onnx flavor \(flavors: python_function\)/);
    await writeMlflowModelDirectory(join(root, 'no-file'), lr, { withoutModelFile: true });
    await refused(join(root, 'no-file'), 'missing_model_file', /model\.onnx is missing/);
    await writeMlflowModelDirectory(join(root, 'corrupt'), lr, { modelFileBytes: lr.bytes.subarray(0, 40) });
    await refused(join(root, 'corrupt'), 'corrupt_model_file', /onnxruntime could not load model\.onnx/);
    await writeMlflowModelDirectory(join(root, 'garbage'), lr, { modelFileBytes: Buffer.from('not a protobuf at all') });
    await refused(join(root, 'garbage'), 'corrupt_model_file', /could not load/);
    await writeMlflowModelDirectory(join(root, 'bad-yaml'), lr);
    await writeFile(join(root, 'bad-yaml', 'MLmodel'), 'flavors: [onnx\n');
    await refused(join(root, 'bad-yaml'), 'invalid_mlmodel', /not valid YAML/);
  });

  it('fails the warm-up of a model that cannot score its own input example', async () => {
    const lr = buildLogisticRegression({ features: 3 });
    // The example names columns the signature does not have.
    await writeMlflowModelDirectory(join(root, 'bad-example'), { ...lr, inputExample: { columns: ['a', 'b', 'c'], data: [[1, 2, 3]] } });
    const model = await load(join(root, 'bad-example'));
    await assert.rejects(warmUpModel(model), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.equal(error.reason, 'warm_up_failed');
      assert.match(error.message, /version 3 failed to score its input example: .*missing required columns 'f0'/);
      return true;
    });
  });
});

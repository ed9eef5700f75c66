import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelSignature } from '../contracts.js';
import { enforceSignature } from './enforce-signature.js';
import { parseModelSignature } from './model-signature.js';
import { parseScoringRequest } from './parse-scoring-request.js';
import { ScoringError } from './scoring-error.js';

const frame = (value: unknown) => parseScoringRequest(JSON.stringify(value), 'json').frame;

const columns = parseModelSignature({
  inputs: JSON.stringify([
    { type: 'double', name: 'amount', required: true },
    { type: 'long', name: 'count', required: true },
    { type: 'string', name: 'country', required: false },
    { type: 'boolean', name: 'flagged', required: true },
  ]),
  outputs: JSON.stringify([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1] } }]),
}) as ModelSignature;

const tensor = parseModelSignature({ inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]' }) as ModelSignature;

function rejects(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ScoringError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.errorCode, 'BAD_REQUEST');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('parseModelSignature', () => {
  it('reads column specs and tensor specs from MLmodel JSON strings', () => {
    assert.equal(columns.inputs.kind, 'columns');
    assert.deepEqual(columns.inputs.kind === 'columns' && columns.inputs.columns[2], { name: 'country', type: 'string', required: false });
    assert.deepEqual(tensor.inputs, { kind: 'tensors', tensors: [{ dtype: 'float32', shape: [-1, 3] }] });
    assert.equal(parseModelSignature(undefined), undefined);
    assert.equal(parseModelSignature({ inputs: null, outputs: null }), undefined);
  });

  it('refuses unreadable signatures', () => {
    assert.throws(() => parseModelSignature({ inputs: '[{"type": "decimal", "name": "x"}]' }), /type "decimal"/);
    assert.throws(() => parseModelSignature({ inputs: '[{"type": "double"' }), /not valid JSON/);
    assert.throws(() => parseModelSignature({ inputs: '[{"type": "double"}, {"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1]}}]' }), /mixes/);
  });
});

describe('enforceSignature: columns', () => {
  it('orders columns as the signature does and ignores extra ones', () => {
    const enforced = enforceSignature(frame({ dataframe_split: { columns: ['flagged', 'extra', 'count', 'amount'], data: [[true, 'x', 2, 1.5]] } }), columns);
    assert.equal(enforced.kind, 'columns');
    assert.deepEqual(
      enforced.kind === 'columns' && enforced.columns.map((c) => [c.name, c.values]),
      [['amount', [1.5]], ['count', [2]], ['country', [null]], ['flagged', [true]]],
    );
  });

  it('names every missing required column and its type', () => {
    rejects(() => enforceSignature(frame({ dataframe_records: [{ amount: 1 }] }), columns), /missing required columns 'count' \(long\), 'flagged' \(boolean\)/);
  });

  it('names the column and the expected type on a wrong value', () => {
    rejects(() => enforceSignature(frame({ dataframe_records: [{ amount: 'lots', count: 1, flagged: true }] }), columns), /column 'amount' expects type double, got string "lots" in row 0/);
    rejects(() => enforceSignature(frame({ dataframe_records: [{ amount: 1, count: 1.5, flagged: true }] }), columns), /column 'count' expects type long, got number 1.5/);
    rejects(() => enforceSignature(frame({ dataframe_records: [{ amount: 1, count: 1, flagged: 'yes' }] }), columns), /column 'flagged' expects type boolean/);
    rejects(() => enforceSignature(frame({ dataframe_records: [{ amount: 1, count: 1, flagged: true, country: 7 }] }), columns), /column 'country' expects type string/);
    rejects(() => enforceSignature(frame({ dataframe_records: [{ amount: null, count: 1, flagged: true }] }), columns), /column 'amount' is required \(double\) but row 0 has no value/);
  });

  it('reads CSV text by the signature types', () => {
    const csv = parseScoringRequest('count,amount,flagged,country\n7,2.5,True,007\n', 'csv').frame;
    const enforced = enforceSignature(csv, columns);
    assert.deepEqual(enforced.kind === 'columns' && enforced.columns.map((c) => c.values[0]), [2.5, 7, '007', true]);
    rejects(() => enforceSignature(parseScoringRequest('count,amount,flagged\nseven,2.5,true\n', 'csv').frame, columns), /column 'count' expects type long, got string "seven"/);
  });

  it('takes named tensors (inputs, instances) as columns', () => {
    const enforced = enforceSignature(frame({ inputs: { amount: [1, 2], count: [[3], [4]], flagged: [false, true] } }), columns);
    assert.equal(enforced.rowCount, 2);
    assert.deepEqual(enforced.kind === 'columns' && enforced.columns[1]!.values, [3, 4]);
    const instances = enforceSignature(frame({ instances: [{ amount: 1, count: 2, flagged: true }] }), columns);
    assert.deepEqual(instances.kind === 'columns' && instances.columns[0]!.values, [1]);
  });
});

describe('enforceSignature: tensors', () => {
  it('accepts a matching tensor, from inputs, instances or a frame', () => {
    const fromInputs = enforceSignature(frame({ inputs: [[1, 2, 3], [4, 5, 6]] }), tensor);
    assert.deepEqual(fromInputs, { kind: 'tensors', rowCount: 2, tensors: [{ name: '', dtype: 'float32', shape: [2, 3], values: [1, 2, 3, 4, 5, 6] }] });
    assert.equal(enforceSignature(frame({ instances: [[1, 2, 3]] }), tensor).rowCount, 1);
    assert.equal(enforceSignature(frame({ dataframe_split: { columns: ['a', 'b', 'c'], data: [[1, 2, 3]] } }), tensor).rowCount, 1);
    // One example without its batch dimension.
    const single = enforceSignature(frame({ inputs: [1, 2, 3] }), tensor);
    assert.deepEqual(single.kind === 'tensors' && single.tensors[0]!.shape, [1, 3]);
  });

  it('refuses a wrong shape, a ragged list or a wrong dtype', () => {
    rejects(() => enforceSignature(frame({ inputs: [[1, 2]] }), tensor), /has shape \[1, 2\], the model expects float32 \[-1, 3\]/);
    rejects(() => enforceSignature(frame({ inputs: [[1, 2, 3], [1, 2]] }), tensor), /ragged/);
    rejects(() => enforceSignature(frame({ inputs: [[1, 'x', 3]] }), tensor), /expects dtype float32, got string "x"/);
  });

  it('names a missing named tensor', () => {
    const named = parseModelSignature({
      inputs: '[{"type": "tensor", "name": "x", "tensor-spec": {"dtype": "int64", "shape": [-1]}}, {"type": "tensor", "name": "y", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]',
    }) as ModelSignature;
    rejects(() => enforceSignature(frame({ inputs: { x: [1] } }), named), /missing input tensor 'y' \(float64 \[-1\]\)/);
    rejects(() => enforceSignature(frame({ inputs: { x: [1.5], y: [1] } }), named), /tensor 'x' expects dtype int64/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScoringRequest, scoringContentType } from './parse-scoring-request.js';
import { ScoringError } from './scoring-error.js';

const json = (value: unknown) => parseScoringRequest(JSON.stringify(value), 'json');

function rejects(run: () => unknown, status: number, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ScoringError, String(error));
    assert.equal(error.status, status);
    assert.equal(error.toBody().error_code, 'BAD_REQUEST');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('scoringContentType', () => {
  it('speaks JSON and CSV, with or without charset=utf-8', () => {
    assert.equal(scoringContentType('application/json'), 'json');
    assert.equal(scoringContentType('application/json; charset=utf-8'), 'json');
    assert.equal(scoringContentType('text/csv'), 'csv');
    assert.equal(scoringContentType('TEXT/CSV; charset=UTF-8'), 'csv');
  });

  it('answers 415 for any other type, charset or parameter', () => {
    rejects(() => scoringContentType('text/plain'), 415, /only supports the following content types/);
    rejects(() => scoringContentType(undefined), 415, /Got ''/);
    rejects(() => scoringContentType('application/json; charset=latin-1'), 415, /only supports UTF-8/);
    rejects(() => scoringContentType('application/json; format=pandas-split'), 415, /Unrecognized content type parameters: format/);
  });
});

describe('parseScoringRequest: formats', () => {
  it('reads dataframe_split with columns, data and an index', () => {
    const parsed = json({ dataframe_split: { columns: ['a', 'b'], data: [[1, 2], [3, 4]], index: [0, 1] } });
    assert.deepEqual(parsed.frame, { kind: 'columns', columns: ['a', 'b'], rows: [[1, 2], [3, 4]] });
    assert.equal(parsed.rowCount, 2);
    assert.equal(parsed.params, undefined);
  });

  it('names dataframe_split columns 0, 1, … when they are left out, as pandas does', () => {
    assert.deepEqual(json({ dataframe_split: { data: [[1, 2]] } }).frame, { kind: 'columns', columns: ['0', '1'], rows: [[1, 2]] });
  });

  it('reads dataframe_records, a key missing from a record being a missing value', () => {
    const parsed = json({ dataframe_records: [{ a: 1, b: 2 }, { b: 4, c: 'x' }] });
    assert.deepEqual(parsed.frame, { kind: 'columns', columns: ['a', 'b', 'c'], rows: [[1, 2, null], [null, 4, 'x']] });
  });

  it('reads instances as an unnamed tensor, or as named columns when each instance is a dictionary', () => {
    assert.deepEqual(json({ instances: [[1, 2], [3, 4]] }).frame, { kind: 'tensors', tensors: { '': [[1, 2], [3, 4]] } });
    const named = json({ instances: [{ a: 1, b: [1, 2] }, { a: 2, b: [3, 4] }] });
    assert.deepEqual(named.frame, { kind: 'tensors', tensors: { a: [1, 2], b: [[1, 2], [3, 4]] } });
    assert.equal(named.rowCount, 2);
  });

  it('reads inputs as a list or a dictionary of named tensors, and keeps params', () => {
    assert.deepEqual(json({ inputs: [[1, 2]] }).frame, { kind: 'tensors', tensors: { '': [[1, 2]] } });
    const parsed = json({ inputs: { x: [[1], [2], [3]], y: [1, 2, 3] }, params: { temperature: 0.5 } });
    assert.deepEqual(parsed.frame, { kind: 'tensors', tensors: { x: [[1], [2], [3]], y: [1, 2, 3] } });
    assert.deepEqual(parsed.params, { temperature: 0.5 });
    assert.equal(parsed.rowCount, 3);
  });

  it('reads CSV with a header row, empty fields as missing values, quoted fields intact', () => {
    const parsed = parseScoringRequest('\ufeffa,b,name\n1,2.5,"x, y"\n3,,z\n', 'csv');
    assert.deepEqual(parsed.frame, { kind: 'columns', columns: ['a', 'b', 'name'], rows: [['1', '2.5', 'x, y'], ['3', null, 'z']], fromText: true });
    assert.equal(parsed.rowCount, 2);
  });
});

describe('parseScoringRequest: bad input is a 400 in MLflow shape', () => {
  it('refuses malformed JSON', () => {
    rejects(() => parseScoringRequest('{"dataframe_split": ', 'json'), 400, /Failed to parse input from JSON/);
  });

  it('refuses a list, a scalar, no format key or two of them', () => {
    rejects(() => json([[1, 2]]), 400, /exactly one of the input fields.*Received a list/);
    rejects(() => json(3), 400, /Received unexpected input type/);
    rejects(() => json({ data: [[1]] }), 400, /Received dictionary with input fields: \["data"\]/);
    rejects(() => json({ inputs: [1], instances: [1] }), 400, /exactly one of the input fields/);
  });

  it('refuses a dataframe_split that is not a frame', () => {
    rejects(() => json({ dataframe_split: [[1, 2]] }), 400, /'dataframe_split' must be a dictionary/);
    rejects(() => json({ dataframe_split: { columns: ['a'], data: 'x' } }), 400, /'dataframe_split.data' must be a list of rows/);
    rejects(() => json({ dataframe_split: { columns: ['a', 'b'], data: [[1, 2], [3]] } }), 400, /row 1 has 1 values but there are 2 columns/);
    rejects(() => json({ dataframe_split: { columns: ['a', 'a'], data: [[1, 2]] } }), 400, /duplicate names/);
    rejects(() => json({ dataframe_split: { columns: ['a'], data: [[1]], index: [0, 1] } }), 400, /'dataframe_split.index' must be a list as long as 'data'/);
  });

  it('refuses records that are not dictionaries and instances that mix kinds', () => {
    rejects(() => json({ dataframe_records: { a: 1 } }), 400, /must be a list of records/);
    rejects(() => json({ dataframe_records: [{ a: 1 }, 2] }), 400, /item 1 is number 2/);
    rejects(() => json({ instances: [{ a: 1 }, [1]] }), 400, /mixes dictionaries/);
    rejects(() => json({ instances: [{ a: 1 }, { b: 1 }] }), 400, /every instance must have the same keys/);
    rejects(() => json({ inputs: 'x' }), 400, /'inputs' must be a list or a dictionary/);
    rejects(() => json({ inputs: [1], params: [1] }), 400, /'params' must be a JSON dictionary/);
  });

  it('refuses malformed CSV', () => {
    rejects(() => parseScoringRequest('', 'csv'), 400, /empty/);
    rejects(() => parseScoringRequest('a,b\n1,2,3\n', 'csv'), 400, /CSV row 1 has 3 fields, the header has 2/);
    rejects(() => parseScoringRequest('a,b\n"1,2\n', 'csv'), 400, /Failed to parse input as a Pandas DataFrame/);
    rejects(() => parseScoringRequest('a,a\n1,2\n', 'csv'), 400, /duplicate column names/);
  });
});

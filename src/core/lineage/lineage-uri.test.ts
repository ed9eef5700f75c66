import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLineageUri } from './lineage-uri.js';

describe('lineage URIs', () => {
  it('names a model, a run, a dataset digest or a git commit', () => {
    assert.deepEqual(parseLineageUri('models:/fraud@prod'), { kind: 'model', uri: 'models:/fraud@prod' });
    assert.deepEqual(parseLineageUri('runs:/abc/model/path'), { kind: 'run', runId: 'abc' });
    assert.deepEqual(parseLineageUri('dataset:beef'), { kind: 'dataset', digest: 'beef' });
    assert.deepEqual(parseLineageUri('datasets:/beef'), { kind: 'dataset', digest: 'beef' });
    assert.deepEqual(parseLineageUri('git:0123abc'), { kind: 'code', commit: '0123abc' });
  });

  it('refuses anything else, and empty names', () => {
    for (const uri of ['s3://x', 'runs:/', 'dataset:', 'git:', 'fraud']) assert.throws(() => parseLineageUri(uri), /lineage URI/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderKeysOf, folderRelation, storeFolderKey } from './artifact-folder-key.js';
import { ArtifactFolderIndex } from './artifact-folder-index.js';

const texts = (location: string, destination?: string) => folderKeysOf(location, destination).map((k) => k.text);

describe('folderKeysOf', () => {
  it('gives every spelling of a store folder the same key', () => {
    for (const spelling of [
      'mlflow-artifacts:/1', 'mlflow-artifacts:/./1', 'mlflow-artifacts:/1/', 'mlflow-artifacts:///1', 'mlflow-artifacts:1',
      'mlflow-artifacts://host:5000/1', 'MLFLOW-ARTIFACTS:/x/../1', '/data/artifacts/1', '/data//artifacts/./1',
      'file:///data/artifacts/1', 'file:/data/artifacts/1', 'file://localhost/data/artifacts/1',
    ]) {
      assert.ok(texts(spelling, '/data/artifacts').includes('store:/1'), spelling);
    }
    assert.ok(texts('mlflow-artifacts:/%2e/1').includes('store:/1'), 'percent-decoded too');
    assert.deepEqual(texts('s3a://Bucket/prefix/1', 's3://bucket/prefix'), ['store:/1']);
  });

  it('keeps foreign roots apart, and a path climbing out of the store outside it', () => {
    assert.deepEqual(texts('s3://other/prefix/1', 's3://bucket/prefix'), ['s3://other/prefix/1']);
    assert.deepEqual(texts('mlflow-artifacts:/../x'), ['mlflow-artifacts:/../x']);
    assert.deepEqual(texts('/data/artifactsX/1', '/data/artifacts'), ['file:///data/artifactsX/1']);
    assert.deepEqual(texts('mlruns/1'), ['relative:/mlruns/1']);
  });
});

describe('folderRelation', () => {
  it('compares by segments, not by string prefix', () => {
    assert.equal(folderRelation(storeFolderKey('1/r'), storeFolderKey('1')), 'inside');
    assert.equal(folderRelation(storeFolderKey('1'), storeFolderKey('1/r')), 'contains');
    assert.equal(folderRelation(storeFolderKey('1'), storeFolderKey('1/')), 'equal');
    assert.equal(folderRelation(storeFolderKey('10'), storeFolderKey('1')), undefined);
  });
});

describe('ArtifactFolderIndex', () => {
  const index = new ArtifactFolderIndex('/data/artifacts')
    .add({ kind: 'experiment', id: '1', location: 'mlflow-artifacts:/1' })
    .add({ kind: 'run', id: 'r', experimentId: '2', location: '/data/artifacts/2/sub/r/artifacts' });

  it('finds owners above, at and below a folder', () => {
    const ids = (path: string) => {
      const overlap = index.findOverlap([storeFolderKey(path)]);
      return overlap && [overlap.owner.id, overlap.relation];
    };
    assert.deepEqual(ids('1/x'), ['1', 'inside']);
    assert.deepEqual(ids('1'), ['1', 'equal']);
    assert.deepEqual(ids(''), ['1', 'contains']);
    assert.deepEqual(ids('2'), ['r', 'contains']);
    assert.equal(ids('10'), undefined);
    assert.equal(ids('2/sub/q'), undefined);
  });

  it('skips owners the caller excuses', () => {
    assert.equal(index.findOverlap([storeFolderKey('1/x')], ({ owner }) => owner.id === '1'), undefined);
  });
});

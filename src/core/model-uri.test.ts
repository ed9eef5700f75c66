import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasParentSegment, isLocalUri, joinArtifactUri, parseModelUri, parseRunsUri } from './model-uri.js';

describe('parseModelUri', () => {
  it('reads versions, stages, latest and aliases as MLflow does', () => {
    assert.deepEqual(parseModelUri('models:/fraud/3'), { kind: 'version', name: 'fraud', version: 3 });
    assert.deepEqual(parseModelUri('models:/fraud/Production'), { kind: 'stage', name: 'fraud', stage: 'Production' });
    assert.deepEqual(parseModelUri('models:/fraud/LATEST'), { kind: 'latest', name: 'fraud' });
    assert.deepEqual(parseModelUri('models:/fraud@champion'), { kind: 'alias', name: 'fraud', alias: 'champion' });
    assert.deepEqual(parseModelUri('models:/a@b@c'), { kind: 'alias', name: 'a@b', alias: 'c' }, 'the last @ separates');
  });

  it('refuses what MLflow refuses', () => {
    for (const uri of ['models:/', 'models:fraud/1', 'models:/a/b/c', 'models:/fraud/', 'models:/fraud', 'models:/@x', 'models://p@h/a/1', 'runs:/x']) {
      assert.throws(() => parseModelUri(uri), /Not a proper models:\/ URI/, uri);
    }
  });
});

describe('runs URIs and sources', () => {
  it('splits run id and run-relative path', () => {
    assert.deepEqual(parseRunsUri('runs:/abc/model/sub'), { runId: 'abc', path: 'model/sub' });
    assert.deepEqual(parseRunsUri('runs:/abc'), { runId: 'abc', path: '' });
    assert.deepEqual(parseRunsUri('runs:/abc/model/'), { runId: 'abc', path: 'model' });
    assert.throws(() => parseRunsUri('runs:/'), /Not a proper runs:\/ URI/);
  });

  it('spots parent segments, local paths, and joins artifact URIs', () => {
    assert.equal(hasParentSegment('s3://b/a/../x'), true);
    assert.equal(hasParentSegment('s3://b/a/%2E%2E/x'), true);
    assert.equal(hasParentSegment('s3://b/a..b/x'), false);
    assert.equal(isLocalUri('/tmp/x'), true);
    assert.equal(isLocalUri('file:///tmp/x'), true);
    assert.equal(isLocalUri('C:\\x'), true);
    assert.equal(isLocalUri('mlflow-artifacts:/0/x'), false);
    assert.equal(joinArtifactUri('mlflow-artifacts:/0/r/artifacts/', '/model'), 'mlflow-artifacts:/0/r/artifacts/model');
    assert.equal(joinArtifactUri('s3://b/x', ''), 's3://b/x');
  });
});

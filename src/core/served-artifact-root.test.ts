import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { servedArtifactPath } from './served-artifact-root.js';

describe('servedArtifactPath', () => {
  it('reads proxied URIs, with or without an authority', () => {
    assert.equal(servedArtifactPath('mlflow-artifacts:/1/r/artifacts', '/d'), '1/r/artifacts');
    assert.equal(servedArtifactPath('mlflow-artifacts://host:5000/1/r/artifacts/', '/d'), '1/r/artifacts');
    assert.equal(servedArtifactPath('mlflow-artifacts:/', '/d'), '');
  });

  it('maps locations under the destination itself', () => {
    assert.equal(servedArtifactPath('/data/art/1/r/artifacts', '/data/art/'), '1/r/artifacts');
    assert.equal(servedArtifactPath('file:///data/art/1/r/artifacts', '/data/art'), '1/r/artifacts');
    assert.equal(servedArtifactPath('s3://b/p/1/r/artifacts', 's3://b/p'), '1/r/artifacts');
  });

  it('answers undefined for locations elsewhere, and refuses traversal', () => {
    assert.equal(servedArtifactPath('s3://other/1/r', 's3://b/p'), undefined);
    assert.equal(servedArtifactPath('/data/artifacts-old/1', '/data/artifacts'), undefined);
    assert.throws(() => servedArtifactPath('mlflow-artifacts:/../../etc', '/d'), /outside the artifact store/);
  });
});

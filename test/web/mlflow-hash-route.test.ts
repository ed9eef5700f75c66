import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathForMlflowHash } from '../../web/src/app/mlflow-hash-route.js';

describe('pathForMlflowHash', () => {
  it('maps MLflow’s hash routes to the same pages', () => {
    assert.equal(pathForMlflowHash('#/experiments/1/runs/abc'), '/experiments/1/runs/abc');
    assert.equal(pathForMlflowHash('#/experiments/1'), '/experiments/1');
    assert.equal(pathForMlflowHash('#/models/my%20model/versions/2'), '/models/my%20model/versions/2');
    assert.equal(pathForMlflowHash('#/somewhere-else'), undefined);
    assert.equal(pathForMlflowHash('#section'), undefined);
  });

  it('opens the file of an artifactPath link in the run page’s artifact browser', () => {
    assert.equal(pathForMlflowHash('#/experiments/2/runs/abc/artifactPath/model/MLmodel'), '/experiments/2/runs/abc?artifact=model%2FMLmodel');
    assert.equal(pathForMlflowHash('#/experiments/2/runs/abc/artifactPath/eval/a%20b.csv?x=1'), '/experiments/2/runs/abc?artifact=eval%2Fa%20b.csv&x=1');
    assert.equal(pathForMlflowHash('#/experiments/2/runs/abc/artifactPath'), '/experiments/2/runs/abc');
    assert.equal(pathForMlflowHash('#/runs/abc'), '/runs/abc');
    assert.equal(pathForMlflowHash('#/runs/abc/artifactPath/model/MLmodel'), '/runs/abc?artifact=model%2FMLmodel');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelPathInRun } from '../../web/src/features/registry/state/modelSource.js';
import { loggedModels } from '../../web/src/features/run/state/loggedModels.js';

const RUN = '0123456789abcdef0123456789abcdef';

describe('modelPathInRun', () => {
  it('finds the model folder in a runs:/ source and in the resolved artifact URI log_model registers', () => {
    assert.equal(modelPathInRun(`runs:/${RUN}/model`, RUN, `mlflow-artifacts:/1/${RUN}/artifacts`), 'model');
    assert.equal(modelPathInRun(`runs:/${RUN}/nested/model/`, RUN, undefined), 'nested/model');
    assert.equal(modelPathInRun(`mlflow-artifacts:/1/${RUN}/artifacts/model`, RUN, `mlflow-artifacts:/1/${RUN}/artifacts`), 'model');
    assert.equal(modelPathInRun(`s3://bucket/1/${RUN}/artifacts/sub/model`, RUN, `s3://bucket/1/${RUN}/artifacts/`), 'sub/model');
  });

  it('gives up on a source outside the run', () => {
    assert.equal(modelPathInRun(`runs:/ffffffffffffffffffffffffffffffff/model`, RUN, undefined), undefined);
    assert.equal(modelPathInRun('s3://elsewhere/model', RUN, `mlflow-artifacts:/1/${RUN}/artifacts`), undefined);
    assert.equal(modelPathInRun(`mlflow-artifacts:/1/${RUN}/artifacts`, RUN, `mlflow-artifacts:/1/${RUN}/artifacts`), undefined);
    assert.equal(modelPathInRun(`mlflow-artifacts:/1/${RUN}/artifactsX/model`, RUN, `mlflow-artifacts:/1/${RUN}/artifacts`), undefined);
  });
});

describe('loggedModels', () => {
  it('reads mlflow.log-model.history: each path once (the later entry), framework flavor before python_function', () => {
    const history = JSON.stringify([
      { artifact_path: 'model', flavors: { python_function: {}, sklearn: {} } },
      { artifact_path: 'encoder', flavors: { python_function: {}, transformers: {} } },
      { artifact_path: 'model', flavors: { python_function: {}, xgboost: {} } },
    ]);
    assert.deepEqual(loggedModels(history), [
      { artifactPath: 'model', flavors: ['xgboost', 'python_function'] },
      { artifactPath: 'encoder', flavors: ['transformers', 'python_function'] },
    ]);
  });

  it('shows nothing for a missing or unreadable tag', () => {
    assert.deepEqual(loggedModels(undefined), []);
    assert.deepEqual(loggedModels('not json'), []);
    assert.deepEqual(loggedModels('{"artifact_path":"model"}'), []);
    assert.deepEqual(loggedModels('[null, {"flavors":{}}, {"artifact_path":"m"}]'), [{ artifactPath: 'm', flavors: [] }]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNotDefaultLocation, canonicalArtifactLocation, runArtifactUri } from './canonical-artifact-location.js';
import { isStrataError } from './errors.js';

const destination = '/data/artifacts';
const roots = { artifactsDestination: destination, defaultArtifactLocation: (id: string) => `mlflow-artifacts:/${id}` };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(isStrataError(error) && error.code === 'INVALID_PARAMETER_VALUE', String(error));
    return error.message;
  }
  assert.fail('expected INVALID_PARAMETER_VALUE');
}

describe('canonicalArtifactLocation', () => {
  it('keeps plain locations and trims trailing slashes', () => {
    for (const [raw, expected] of [
      ['mlflow-artifacts:/team/a', 'mlflow-artifacts:/team/a'],
      ['mlflow-artifacts:/team/a/', 'mlflow-artifacts:/team/a'],
      ['s3://bucket/x/', 's3://bucket/x'],
      ['s3://bucket', 's3://bucket'],
      ['/data/artifacts/team', '/data/artifacts/team'],
      ['file:///elsewhere/1', 'file:///elsewhere/1'],
      ['C:\\mlruns', 'C:\\mlruns'],
    ]) {
      assert.equal(canonicalArtifactLocation(raw!, destination), expected, raw);
    }
  });

  it("refuses '.', '..' and empty segments, even percent-encoded, wherever the location points", () => {
    for (const raw of [
      'mlflow-artifacts:/./1', 'mlflow-artifacts:/x/../1', 'mlflow-artifacts:/%2e/1', 'mlflow-artifacts:/%252e%252e/1',
      'mlflow-artifacts:/x%2f..%2f1', 'mlflow-artifacts:/team//a', 's3://bucket/./x', 'file:///a/../b',
      '/data/artifacts/./1', './mlruns',
    ]) {
      assert.match(refusal(() => canonicalArtifactLocation(raw, destination)), /segment/, raw);
    }
  });

  it('refuses the whole store, its internal directory, and percent signs, backslashes or queries inside it', () => {
    for (const raw of ['mlflow-artifacts:/', 'mlflow-artifacts:', 'mlflow-artifacts://1', '/data/artifacts', 'file:///data/artifacts/', '/']) {
      assert.match(refusal(() => canonicalArtifactLocation(raw, destination)), /whole artifact store|root of the file system/, raw);
    }
    assert.match(refusal(() => canonicalArtifactLocation('mlflow-artifacts:/.strata/meta', destination)), /reserved/);
    for (const raw of ['mlflow-artifacts:/%31', 'mlflow-artifacts:/a\\b', 'file:///data/artifacts/a?x=1']) {
      assert.match(refusal(() => canonicalArtifactLocation(raw, destination)), /may not contain/, raw);
    }
    assert.equal(canonicalArtifactLocation('s3://bucket/a%20b', destination), 's3://bucket/a%20b', 'outside the store: left alone');
  });
});

describe('assertNotDefaultLocation', () => {
  it("refuses a number's folder under the default root, in any spelling, and leaves names alone", () => {
    for (const raw of ['mlflow-artifacts:/7', 'mlflow-artifacts:/7/sub', '/data/artifacts/12', 'MLFLOW-ARTIFACTS://host:5000/3']) {
      assert.match(refusal(() => assertNotDefaultLocation(raw, roots)), /gets by default/, raw);
    }
    assertNotDefaultLocation('mlflow-artifacts:/team-7', roots);
    assertNotDefaultLocation('s3://bucket/7', roots);
  });

  it('refuses a location containing every default folder when the default root is a folder of the store', () => {
    const teamRoots = { ...roots, defaultArtifactLocation: (id: string) => `mlflow-artifacts:/team/${id}` };
    assert.match(refusal(() => assertNotDefaultLocation('mlflow-artifacts:/team', teamRoots)), /contains the folders/);
    assert.match(refusal(() => assertNotDefaultLocation('mlflow-artifacts:/team/4', teamRoots)), /experiment 4/);
    assertNotDefaultLocation('mlflow-artifacts:/4', teamRoots);
  });
});

describe('runArtifactUri', () => {
  it('puts the run under its experiment, whatever trailing slashes the location had', () => {
    assert.equal(runArtifactUri('mlflow-artifacts:/1/', 'abc'), 'mlflow-artifacts:/1/abc/artifacts');
  });
});

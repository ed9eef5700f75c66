import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalStage, parseModelVersion, validateAliasName, validateModelName, validateRegistryTag } from './registry-validation.js';

describe('registry validation', () => {
  it('reserves latest and v<N> aliases, as MLflow does', () => {
    assert.equal(validateAliasName('champion-2'), 'champion-2');
    assert.equal(validateAliasName('version3'), 'version3');
    assert.throws(() => validateAliasName('Latest'), /'latest' alias name \(case insensitive\) is reserved\./);
    assert.throws(() => validateAliasName('V12'), /Version alias name 'V12' is reserved\./);
    assert.throws(() => validateAliasName(''), /cannot be empty/);
    assert.throws(() => validateAliasName('a.b'), /Invalid alias name: 'a.b'/);
    assert.throws(() => validateAliasName('a'.repeat(256)), /exceeds the maximum length of 255/);
  });

  it('reads version numbers, stages, names and tags', () => {
    assert.equal(parseModelVersion('7'), 7);
    assert.equal(parseModelVersion(7), 7);
    assert.throws(() => parseModelVersion('1.5'), /Parameter 'version' must be an integer, got '1.5'\./);
    assert.equal(canonicalStage('pRoDuction'), 'Production');
    assert.throws(() => canonicalStage('prod'), /Invalid Model Version stage: prod/);
    assert.throws(() => validateModelName(''), /Missing value for required parameter 'name'\./);
    assert.throws(() => validateModelName('x'.repeat(257)), /exceeds the maximum length of 256/);
    assert.deepEqual(validateRegistryTag('k', undefined), { key: 'k', value: '' });
    assert.throws(() => validateRegistryTag('k', 'v'.repeat(5001)), /'value' exceeds the maximum length of 5000/);
  });
});

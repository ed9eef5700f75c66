import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { guessContentType } from './guess-content-type.js';

describe('guessContentType', () => {
  it('serves text-like artifacts as text/plain, as MLflow does', () => {
    for (const path of ['logs/train.log', 'model/MLmodel', 'conda.yaml', 'metrics.json', 'a/b/data.csv']) {
      assert.equal(guessContentType(path), 'text/plain', path);
    }
  });

  it('knows common binary types, case-insensitively', () => {
    assert.equal(guessContentType('plots/loss.png'), 'image/png');
    assert.equal(guessContentType('plots/LOSS.JPG'), 'image/jpeg');
    assert.equal(guessContentType('report.html'), 'text/html');
    assert.equal(guessContentType('x.pdf'), 'application/pdf');
  });

  it('falls back to octet-stream', () => {
    assert.equal(guessContentType('model/weights.safetensors'), 'application/octet-stream');
    assert.equal(guessContentType('model.pkl'), 'application/octet-stream');
    assert.equal(guessContentType('.gitignore'), 'application/octet-stream');
    assert.equal(guessContentType(''), 'application/octet-stream');
  });
});

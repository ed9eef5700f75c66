import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ECHOED_VALUE_LENGTH } from '../api/limits.js';
import { shortenForMessage } from './shorten-for-message.js';

describe('shortenForMessage', () => {
  it('keeps short text whole', () => {
    assert.equal(shortenForMessage('run-1'), 'run-1');
    assert.equal(shortenForMessage('x'.repeat(MAX_ECHOED_VALUE_LENGTH)), 'x'.repeat(MAX_ECHOED_VALUE_LENGTH));
  });

  it('keeps the start of long text and says how long it was', () => {
    assert.equal(shortenForMessage('x'.repeat(10_000_000)), `${'x'.repeat(MAX_ECHOED_VALUE_LENGTH)}… (10000000 characters)`);
    assert.equal(shortenForMessage('abcdef', { limit: 3 }), 'abc… (6 characters)');
  });

  it('quotes only the kept text', () => {
    assert.equal(shortenForMessage('abcdef', { limit: 3, quote: JSON.stringify }), '"abc"… (6 characters)');
    assert.equal(shortenForMessage('ab', { limit: 3, quote: JSON.stringify }), '"ab"');
  });

  it('never cuts a surrogate pair in half', () => {
    const shown = shortenForMessage(`ab\u{1F600}cd`, { limit: 3 });
    assert.equal(shown, 'ab… (6 characters)');
    assert.ok(shown.isWellFormed());
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DELIVERY_POLICY, decideAttempt, responseExcerpt, retryDelayMs } from './delivery-policy.js';

const policy = { ...DEFAULT_DELIVERY_POLICY, maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 5_000 };
const ok = { statusCode: 204, error: null };
const serverError = { statusCode: 500, error: null };
const refused = { statusCode: null, error: 'ECONNREFUSED' };

describe('delivery policy', () => {
  it('counts any 2xx as delivered, whatever the attempt', () => {
    assert.deepEqual(decideAttempt(policy, 4, ok, 0, Math.random), { outcome: 'succeeded' });
    assert.deepEqual(decideAttempt(policy, 1, { statusCode: 299, error: null }, 0, Math.random), { outcome: 'succeeded' });
  });

  it('retries other statuses and errors until the last attempt, then fails', () => {
    for (const result of [serverError, refused, { statusCode: 404, error: null }, { statusCode: 301, error: null }]) {
      assert.equal(decideAttempt(policy, 1, result, 0, () => 0).outcome, 'retry');
      assert.deepEqual(decideAttempt(policy, 4, result, 0, () => 0), { outcome: 'failed' });
    }
  });

  it('doubles the wait per attempt, capped, with jitter between half and all of it', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((a) => retryDelayMs(policy, a, () => 0)), [500, 1_000, 2_000, 2_500, 2_500]);
    assert.deepEqual([1, 2, 3, 4, 5].map((a) => retryDelayMs(policy, a, () => 1)), [1_000, 2_000, 4_000, 5_000, 5_000]);
    const decision = decideAttempt(policy, 2, serverError, 10_000, () => 0.5);
    assert.deepEqual(decision, { outcome: 'retry', nextAttemptAt: 11_500 });
  });

  it('keeps a short excerpt of a response, marked when there was more, and capping twice changes nothing', () => {
    assert.equal(DEFAULT_DELIVERY_POLICY.maxResponseChars, 256);
    assert.equal(responseExcerpt('short', 10), 'short');
    assert.equal(responseExcerpt('short', 10, true), 'short… (truncated)');
    const excerpt = responseExcerpt('x'.repeat(15), 10);
    assert.equal(excerpt, `${'x'.repeat(10)}… (truncated)`);
    assert.equal(responseExcerpt(excerpt, 10), excerpt);
  });
});

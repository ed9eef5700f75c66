import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookDelivery } from '../../core/webhooks/webhook-entities.js';
import { deliveryToWire } from './webhook-mapper.js';

describe('webhook mapper', () => {
  it('masks credentials that a delivery logged before they were refused quotes in its errors', () => {
    const leaked = 'Request cannot be constructed from a URL that includes credentials: http://alice:s3cret@127.0.0.1:9/hook';
    const delivery: WebhookDelivery = {
      deliveryId: 'd-1', webhookId: 'w-1', event: 'registered_model.created', payload: { name: 'm' }, status: 'failed',
      attempts: 1, nextAttemptAt: 0, lastStatusCode: null, lastResponse: null, lastError: leaked, createdAt: 1, deliveredAt: null,
      attemptLog: [{ attempt: 1, time: 1, durationMs: 2, statusCode: null, response: null, error: leaked, outcome: 'failed' }],
    };
    const wire = deliveryToWire(delivery);
    assert.equal(wire.last_error, 'Request cannot be constructed from a URL that includes credentials: http://***@127.0.0.1:9/hook');
    assert.equal(wire.attempt_log[0]?.error, wire.last_error);
    assert.doesNotMatch(JSON.stringify(wire), /s3cret|alice/);
  });
});

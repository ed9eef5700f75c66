import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhookPayload, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signature', () => {
  it('is v1, + base64 HMAC-SHA256 over "<delivery id>.<timestamp>.<body>", as MLflow 3 signs', async () => {
    const body = '{"entity":"model_version","action":"created","data":{"name":"ü"}}';
    const expected = createHmac('sha256', 'sekret').update(`d-1.1700000000.${body}`).digest('base64');
    assert.equal(await signWebhookPayload('sekret', 'd-1', '1700000000', body), `v1,${expected}`);
  });

  it('verifies its own signature and rejects any change', async () => {
    const signature = await signWebhookPayload('k', 'id', '1', 'body');
    assert.equal(await verifyWebhookSignature('k', 'id', '1', 'body', signature), true);
    assert.equal(await verifyWebhookSignature('k', 'id', '1', 'bodY', signature), false);
    assert.equal(await verifyWebhookSignature('k', 'id', '2', 'body', signature), false);
    assert.equal(await verifyWebhookSignature('other', 'id', '1', 'body', signature), false);
    assert.equal(await verifyWebhookSignature('k', 'id', '1', 'body', 'v1,short'), false);
  });
});

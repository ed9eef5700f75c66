import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateWebhookEvents, validateWebhookStatus, validateWebhookUrl } from './webhook-validation.js';

describe('webhook validation', () => {
  it('accepts MLflow 3 events and Strata extensions, once each', () => {
    assert.deepEqual(validateWebhookEvents(['model_version.created', 'model_version.created', 'model_version.stage_transitioned']), [
      'model_version.created',
      'model_version.stage_transitioned',
    ]);
  });

  it('refuses unknown events, empty lists, non-http URLs and unknown statuses', () => {
    assert.throws(() => validateWebhookEvents([]), /cannot be empty/);
    assert.throws(() => validateWebhookEvents(['prompt.created']), /Invalid webhook event 'prompt.created'/);
    assert.throws(() => validateWebhookUrl('file:///etc/passwd'), /http or https/);
    assert.throws(() => validateWebhookUrl('example.com/hook'), /not an absolute URL/);
    assert.equal(validateWebhookUrl('https://example.com/hook?x=1'), 'https://example.com/hook?x=1');
    assert.throws(() => validateWebhookStatus('DELETED'), /Invalid webhook status/);
  });

  it('refuses credentials in the URL, naming the URL without them', () => {
    for (const url of ['https://alice:s3cret@example.com/hook', 'https://t0ken@example.com/hook', 'https://:s3cret@example.com/hook']) {
      assert.throws(() => validateWebhookUrl(url), (error: Error) => {
        assert.match(error.message, /^Invalid webhook URL 'https:\/\/\*\*\*@example\.com\/hook': credentials in the URL \(user:password@\) are not allowed/);
        assert.doesNotMatch(error.message, /s3cret|t0ken|alice/);
        return true;
      });
    }
  });
});

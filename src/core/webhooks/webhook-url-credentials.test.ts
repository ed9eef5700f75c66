import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasUrlCredentials, redactCredentialsInText, redactUrlCredentials } from './webhook-url-credentials.js';

describe('webhook URL credentials', () => {
  it('finds a user name, a password or both', () => {
    assert.equal(hasUrlCredentials('https://alice:s3cret@example.com/'), true);
    assert.equal(hasUrlCredentials('https://alice@example.com/'), true);
    assert.equal(hasUrlCredentials('https://:s3cret@example.com/'), true);
    assert.equal(hasUrlCredentials('https://example.com/a@b'), false);
    assert.equal(hasUrlCredentials('not a url'), false);
  });

  it('masks them with *** and leaves every other URL exactly as written', () => {
    assert.equal(redactUrlCredentials('https://alice:s3cret@example.com:8443/hook?q=1'), 'https://***@example.com:8443/hook?q=1');
    assert.equal(redactUrlCredentials('http://t0ken@10.0.0.5'), 'http://***@10.0.0.5/');
    assert.equal(redactUrlCredentials('http://127.0.0.1:9/hook'), 'http://127.0.0.1:9/hook');
    assert.equal(redactUrlCredentials('https://example.com/a@b'), 'https://example.com/a@b');
    assert.equal(redactUrlCredentials('http://alice:s3cret@ bad host/'), 'http://***@ bad host/');
  });

  it('masks them wherever a URL is quoted in text, up to the last @ of the authority', () => {
    assert.equal(
      redactCredentialsInText('Request cannot be constructed from a URL that includes credentials: http://alice:p@ss@10.0.0.5/hook'),
      'Request cannot be constructed from a URL that includes credentials: http://***@10.0.0.5/hook',
    );
    assert.equal(redactCredentialsInText('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'), 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9');
    assert.equal(redactCredentialsInText('mailto-like a@b and https://example.com/a@b'), 'mailto-like a@b and https://example.com/a@b');
  });
});

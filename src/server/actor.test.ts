import assert from 'node:assert/strict';
import { it } from 'node:test';
import { actorFromAuthorization } from './actor.js';

it('takes the user of HTTP Basic credentials, else anonymous', () => {
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
  assert.equal(actorFromAuthorization(basic('alice:pw')), 'alice');
  assert.equal(actorFromAuthorization(basic('bob')), 'bob');
  assert.equal(actorFromAuthorization(basic(':pw')), 'anonymous');
  assert.equal(actorFromAuthorization('Bearer token'), 'anonymous');
  assert.equal(actorFromAuthorization(undefined), 'anonymous');
});

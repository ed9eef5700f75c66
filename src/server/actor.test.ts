import assert from 'node:assert/strict';
import { it } from 'node:test';
import { actorFromAuthorization } from './actor.js';
import { MAX_CLAIMED_NAME_LENGTH, sanitizeClaimedName } from './sanitize-claimed-name.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

it('is anonymous, keeping the user of HTTP Basic credentials only as a claim', () => {
  assert.deepEqual(actorFromAuthorization(basic('alice:pw')), { name: 'anonymous', claimed: 'alice' });
  assert.deepEqual(actorFromAuthorization(basic('admin:wrong')), { name: 'anonymous', claimed: 'admin' });
  assert.deepEqual(actorFromAuthorization(basic('bob')), { name: 'anonymous', claimed: 'bob' });
  assert.deepEqual(actorFromAuthorization(basic(':pw')), { name: 'anonymous' });
  assert.deepEqual(actorFromAuthorization('Bearer token'), { name: 'anonymous' });
  assert.deepEqual(actorFromAuthorization(undefined), { name: 'anonymous' });
});

it('replaces control and bidi characters of a claimed name, never dropping them', () => {
  assert.equal(sanitizeClaimedName('ad\u0000min'), 'ad\uFFFDmin');
  assert.equal(sanitizeClaimedName('eve\r\nactor: admin'), 'eve\uFFFD\uFFFDactor: admin');
  assert.equal(sanitizeClaimedName('\u001B[31mred\u007F\u0085\u009B'), '\uFFFD[31mred\uFFFD\uFFFD\uFFFD');
  const bidi = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
  for (const control of bidi) assert.equal(sanitizeClaimedName(`x${control}nimda`), 'x\uFFFDnimda', `U+${control.codePointAt(0)?.toString(16)}`);
  assert.equal(sanitizeClaimedName('line\u2028break'), 'line\uFFFDbreak');
  assert.equal(sanitizeClaimedName('José 山田 🙂'), 'José 山田 🙂');
  assert.deepEqual(actorFromAuthorization(basic('\u202Enimda:pw')), { name: 'anonymous', claimed: '\uFFFDnimda' });
});

it('cuts a claimed name at MAX_CLAIMED_NAME_LENGTH code points, marking the cut', () => {
  assert.equal(sanitizeClaimedName('a'.repeat(MAX_CLAIMED_NAME_LENGTH)), 'a'.repeat(MAX_CLAIMED_NAME_LENGTH));
  const long = sanitizeClaimedName('🙂'.repeat(MAX_CLAIMED_NAME_LENGTH + 10));
  assert.equal(Array.from(long).length, MAX_CLAIMED_NAME_LENGTH);
  assert.ok(long.endsWith('🙂…'), 'no surrogate pair is split');
});

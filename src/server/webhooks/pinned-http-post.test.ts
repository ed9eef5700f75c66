import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import { pinnedLookup } from './pinned-http-post.js';

type Answer = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

function ask(lookup: ReturnType<typeof pinnedLookup>, options: Parameters<ReturnType<typeof pinnedLookup>>[1]): Answer {
  let answer: Answer | undefined;
  lookup('hooks.example.com', options, (error, address, family) => (answer = { error, address, family }));
  assert.ok(answer, 'answers synchronously, without DNS');
  return answer;
}

describe('pinned lookup', () => {
  const lookup = pinnedLookup([
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1::1', family: 6 },
  ]);

  it('answers with the checked addresses only, as one address or all of them', () => {
    assert.deepEqual(ask(lookup, {}), { error: null, address: '93.184.216.34', family: 4 });
    assert.deepEqual(ask(lookup, { family: 6 }), { error: null, address: '2606:2800:220:1::1', family: 6 });
    assert.deepEqual(ask(lookup, { all: true, family: 0 }).address, [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });

  it('fails rather than resolve again when no checked address has the family asked for', () => {
    const v4only = pinnedLookup([{ address: '93.184.216.34', family: 4 }]);
    assert.equal(ask(v4only, { family: 6 }).error?.code, 'ENOTFOUND');
  });
});

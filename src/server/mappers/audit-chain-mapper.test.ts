import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sealedEventToWire, storedEventJson } from './audit-chain-mapper.js';

it('writes a stored event as the same JSON sealedEventToWire gives, summary spliced in unparsed', () => {
  const base = { sequence: 3, eventId: 9, time: 1700, actor: 'a"b', action: 'run.create', entityType: 'run', entityId: 'r\n1', leafHash: 'aa', chainHash: 'bb' };
  for (const event of [base, { ...base, actorClaimed: 'bob' }]) {
    const summary = { name: 'x', nested: { ok: [1, 2] } };
    const text = storedEventJson({ ...event, summaryJson: JSON.stringify(summary) });
    assert.equal(text, JSON.stringify(sealedEventToWire({ ...event, summary })));
  }
});

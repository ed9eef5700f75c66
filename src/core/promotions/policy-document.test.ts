import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from '../errors.js';
import { formatDurationText, parseDurationText } from './duration-text.js';
import { parseProtectedAliases, protectedAliasesDocument } from './policy-document.js';

const refusal = (document: unknown): string => {
  try {
    parseProtectedAliases(document);
  } catch (error) {
    assert.ok(isStrataError(error) && error.code === 'INVALID_PARAMETER_VALUE');
    return error.message;
  }
  throw new Error('accepted');
};

describe('policy documents', () => {
  it('fills the defaults (72h, no self-approval, no conditions) and reads back as written', () => {
    const rules = parseProtectedAliases({ production: { approvals: 2, approvers: { users: ['alice', 'alice'], groups: ['risk'] } } });
    assert.deepEqual(rules, [{
      alias: 'production', approvals: 2, approvers: { users: ['alice'], groups: ['risk'] }, allowSelfApproval: false,
      expiryMs: 72 * 3_600_000, conditions: { datasetLogged: false, gitCommit: false },
    }]);
    assert.deepEqual(protectedAliasesDocument(rules), {
      production: { approvals: 2, approvers: { users: ['alice'], groups: ['risk'] }, allow_self_approval: false, expiry: '72h', conditions: { dataset_logged: false, git_commit: false } },
    });
    assert.deepEqual(parseProtectedAliases({}), []);
  });

  it('names every problem with its field path', () => {
    const message = refusal({ prod: { approvals: 3, approvers: { users: ['a', 'b'], teams: ['x'] }, allow_self_approval: 'yes', expiry: '0h' }, 'bad alias': [] });
    for (const expected of [
      'protected_aliases.prod.approvers.teams: unknown field',
      'protected_aliases.prod.allow_self_approval: must be true or false, got "yes"',
      'protected_aliases.prod.expiry: must be a duration',
      'protected_aliases.prod.approvals: needs 3 approvals but only 2 users may approve',
      "protected_aliases.bad alias: Invalid alias name: 'bad alias'",
      'protected_aliases.bad alias: must be a mapping with approvals and approvers, got []',
    ]) assert.ok(message.includes(expected), `${expected} in ${message}`);
    assert.match(refusal(['production']), /^Invalid policy: protected_aliases: must map alias names to rules/);
  });

  it('reads durations as people write them', () => {
    assert.equal(parseDurationText('1d12h'), 36 * 3_600_000);
    assert.equal(parseDurationText('90s'), 90_000);
    for (const bad of ['', '0s', '72', '3 days', '-1h']) assert.equal(parseDurationText(bad), undefined, bad);
    assert.deepEqual([formatDurationText(36 * 3_600_000), formatDurationText(90 * 60_000), formatDurationText(90_000)], ['36h', '90m', '90s']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from '../errors.js';
import { formatDurationText, parseDurationText } from './duration-text.js';
import { parseProtectedAliases, protectedAliasesDocument, storedRule } from './policy-document.js';

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
      alias: 'production', auto: false, approvals: 2, approvers: { users: ['alice'], groups: ['risk'] }, allowSelfApproval: false,
      expiryMs: 72 * 3_600_000, conditions: { gates: [], datasetLogged: false, gitCommit: false },
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
      'protected_aliases.bad alias: must be a mapping with approvals and approvers (or auto: true and gates), got []',
    ]) assert.ok(message.includes(expected), `${expected} in ${message}`);
    assert.match(refusal(['production']), /^Invalid policy: protected_aliases: must map alias names to rules/);
  });

  it('reads `gate: a` as a one-item gates list, and `gates` as a list without repeats', () => {
    const [one] = parseProtectedAliases({ production: { approvals: 1, approvers: { users: ['a'] }, conditions: { gate: 'offline-eval' } } });
    assert.deepEqual(one?.conditions.gates, ['offline-eval']);
    const [many] = parseProtectedAliases({ production: { approvals: 1, approvers: { users: ['a'] }, conditions: { gates: ['eval', 'fairness', 'eval'] } } });
    assert.deepEqual(many?.conditions.gates, ['eval', 'fairness']);
    assert.deepEqual(protectedAliasesDocument([many!]).production?.conditions, { gates: ['eval', 'fairness'], dataset_logged: false, git_commit: false });
    const message = refusal({ production: { approvals: 1, approvers: { users: ['a'] }, conditions: { gate: 'a', gates: ['b', 'no spaces'] } } });
    assert.match(message, /protected_aliases\.production\.conditions: give gates \(a list\) or gate \(one name\), not both/);
    assert.match(message, /protected_aliases\.production\.conditions\.gates\[1\]: must be a gate name/);
  });

  it('an auto rule needs no approvals or approvers but at least one gate; approvals 0 only with auto', () => {
    const [auto] = parseProtectedAliases({ production: { auto: true, conditions: { gates: ['offline-eval'], git_commit: true } } });
    assert.deepEqual(auto, {
      alias: 'production', auto: true, approvals: 0, approvers: { users: [], groups: [] }, allowSelfApproval: false,
      expiryMs: 72 * 3_600_000, conditions: { gates: ['offline-eval'], datasetLogged: false, gitCommit: true },
    });
    assert.deepEqual(protectedAliasesDocument([auto!]).production, {
      auto: true, approvals: 0, approvers: { users: [], groups: [] }, allow_self_approval: false, expiry: '72h', conditions: { gates: ['offline-eval'], dataset_logged: false, git_commit: true },
    });
    assert.deepEqual(parseProtectedAliases(protectedAliasesDocument([auto!])), [auto], 'what show prints, apply accepts');
    const message = refusal({ production: { auto: true, approvals: 2, approvers: { users: ['a'] } }, staging: { approvals: 0, approvers: { users: ['a'] } } });
    for (const expected of [
      'protected_aliases.production.approvals: must be 0 (or left out) with auto: true',
      'protected_aliases.production.approvers: an auto rule takes no approvers',
      'protected_aliases.production.conditions.gates: auto: true needs at least one gate',
      'protected_aliases.staging.approvals: must be a whole number from 1 to 500, got 0 (0 only with auto: true)',
    ]) assert.ok(message.includes(expected), `${expected} in ${message}`);
  });

  it('reads rules stored before gates lists and auto (one gate, no auto) in today\'s shape', () => {
    const old = { alias: 'production', approvals: 1, approvers: { users: ['a'], groups: [] }, allowSelfApproval: false, expiryMs: 1000, conditions: { gate: 'eval', datasetLogged: true, gitCommit: false } };
    assert.deepEqual(storedRule(old), { ...old, auto: false, conditions: { gates: ['eval'], datasetLogged: true, gitCommit: false } });
  });

  it('reads durations as people write them', () => {
    assert.equal(parseDurationText('1d12h'), 36 * 3_600_000);
    assert.equal(parseDurationText('90s'), 90_000);
    for (const bad of ['', '0s', '72', '3 days', '-1h']) assert.equal(parseDurationText(bad), undefined, bad);
    assert.deepEqual([formatDurationText(36 * 3_600_000), formatDurationText(90 * 60_000), formatDurationText(90_000)], ['36h', '90m', '90s']);
  });
});

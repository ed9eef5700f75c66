import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authLine, hostLines, withoutPassword } from '../../src/cli/commands/server/start.js';

describe('strata server start-up output', () => {
  it('says whether authentication is on', () => {
    assert.equal(authLine(0), '  auth: off until the first user exists (strata users create --admin NAME, or STRATA_ADMIN_PASSWORD)');
    assert.equal(authLine(1), '  auth: on (1 user; Basic, Bearer tokens, dashboard sign-in)');
    assert.equal(authLine(3), '  auth: on (3 users; Basic, Bearer tokens, dashboard sign-in)');
  });

  it('never prints the database password', () => {
    assert.equal(withoutPassword('postgresql://strata:s3cr%40t@db:5432/mlops'), 'postgresql://strata:***@db:5432/mlops');
    assert.equal(withoutPassword('postgres://u:p@h/d'), 'postgres://u:***@h/d');
    assert.equal(withoutPassword('postgresql://u@h/d'), 'postgresql://u@h/d');
    assert.equal(withoutPassword('sqlite:////tmp/strata.db'), 'sqlite:////tmp/strata.db');
  });

  it('says which hosts are served, and how to narrow "any" when that is only the default', () => {
    assert.deepEqual(hostLines(['localhost', '127.0.0.1'], true), ['  allowed hosts: localhost, 127.0.0.1']);
    assert.deepEqual(hostLines(['*'], false), ['  allowed hosts: any']);
    const hinted = hostLines(['*'], true).join('\n');
    assert.match(hinted, /any/);
    assert.match(hinted, /--allowed-hosts/);
  });
});

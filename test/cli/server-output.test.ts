import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withoutPassword } from '../../src/cli/commands/server/start.js';

describe('strata server start-up output', () => {
  it('never prints the database password', () => {
    assert.equal(withoutPassword('postgresql://strata:s3cr%40t@db:5432/mlops'), 'postgresql://strata:***@db:5432/mlops');
    assert.equal(withoutPassword('postgres://u:p@h/d'), 'postgres://u:***@h/d');
    assert.equal(withoutPassword('postgresql://u@h/d'), 'postgresql://u@h/d');
    assert.equal(withoutPassword('sqlite:////tmp/strata.db'), 'sqlite:////tmp/strata.db');
  });
});

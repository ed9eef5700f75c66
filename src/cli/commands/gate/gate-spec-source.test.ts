import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSpecProblem, specFromRequire } from './gate-spec-source.js';

describe('gate spec sources', () => {
  it('makes --require expressions into a spec, one quoted rule per line', () => {
    const source = specFromRequire(['metrics.auc >= 0.9', "params.opt == 'adam'"], "ci's", 'production');
    assert.equal(source.text, "name: 'ci''s'\nchampion: 'production'\nrules:\n  - 'metrics.auc >= 0.9'\n  - 'params.opt == ''adam'''\n");
  });

  it('prints problems against the file, or against the expression with its own column', () => {
    assert.equal(formatSpecProblem({ line: 3, column: 17, message: 'bad' }, { kind: 'file', path: 'strata.gate.yaml', text: '' }), 'strata.gate.yaml:3:17: bad');
    const source = specFromRequire(['metrics.auc => 1', "tags.x == 'a' x"], 'cli', undefined);
    assert.equal(formatSpecProblem({ line: 3, column: 18, message: "unknown operator '=>'" }, source), "--require 'metrics.auc => 1':13: unknown operator '=>'");
    assert.equal(formatSpecProblem({ line: 4, column: 22, message: "unexpected 'x'" }, source), "--require 'tags.x == 'a' x':15: unexpected 'x'");
    assert.equal(formatSpecProblem({ line: 1, column: 7, message: 'name …' }, source), '--require spec: name …');
  });
});

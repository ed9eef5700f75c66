// Tests run under Node; the no-node:* rule is for core's production code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from '../errors.js';
import type { FilterExpr } from './ast.js';
import { parseRunFilter } from './index.js';

const metric = (key: string) => ({ kind: 'metric', key }) as const;
const param = (key: string) => ({ kind: 'param', key }) as const;
const tag = (key: string) => ({ kind: 'tag', key }) as const;
const attr = (key: string) => ({ kind: 'attribute', key }) as const;

function parse(text: string): FilterExpr {
  const expr = parseRunFilter(text);
  assert.ok(expr, `expected an expression for ${text}`);
  return expr;
}

/** Asserts the parse fails with INVALID_PARAMETER_VALUE at the 1-based position, and the message matches. */
function assertError(text: string, position: number, message?: RegExp): void {
  assert.throws(
    () => parseRunFilter(text),
    (error: unknown) => {
      assert.ok(isStrataError(error), String(error));
      assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
      assert.ok(error.message.startsWith(`Invalid filter '${text}': `), error.message);
      assert.ok(error.message.endsWith(` at position ${position}`), error.message);
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseRunFilter', () => {
  it('returns undefined for empty or blank text', () => {
    assert.equal(parseRunFilter(''), undefined);
    assert.equal(parseRunFilter('  \n\t'), undefined);
  });

  it('parses every numeric comparator on metrics', () => {
    for (const op of ['=', '!=', '>', '>=', '<', '<='] as const) {
      assert.deepEqual(parse(`metrics.acc ${op} 0.5`), { type: 'numeric', identifier: metric('acc'), op, value: 0.5 });
    }
  });

  it('parses integers, floats, scientific and negative numbers', () => {
    const values: Array<[string, number]> = [['3', 3], ['-2', -2], ['1.5', 1.5], ['.5', 0.5], ['1e-3', 0.001], ['-2.5E2', -250], ['+4', 4]];
    for (const [text, value] of values) {
      assert.deepEqual(parse(`metrics.m<${text}`), { type: 'numeric', identifier: metric('m'), op: '<', value });
    }
  });

  it('parses string comparators on params, tags and string attributes', () => {
    for (const op of ['=', '!=', 'LIKE', 'ILIKE'] as const) {
      assert.deepEqual(parse(`params.lr ${op} '0.1'`), { type: 'string', identifier: param('lr'), op, value: '0.1' });
      assert.deepEqual(parse(`tags.t ${op} "x"`), { type: 'string', identifier: tag('t'), op, value: 'x' });
      assert.deepEqual(parse(`status ${op} 'FINISHED'`), { type: 'string', identifier: attr('status'), op, value: 'FINISHED' });
    }
  });

  it('matches keywords case-insensitively', () => {
    assert.deepEqual(parse("params.a like 'x%' and tags.b ilike 'Y' Or run_id in ('r')"), {
      type: 'or',
      operands: [
        {
          type: 'and',
          operands: [
            { type: 'string', identifier: param('a'), op: 'LIKE', value: 'x%' },
            { type: 'string', identifier: tag('b'), op: 'ILIKE', value: 'Y' },
          ],
        },
        { type: 'in', identifier: attr('run_id'), values: ['r'], negated: false },
      ],
    });
  });

  it('resolves every entity alias', () => {
    const cases: Array<[string, string]> = [
      ['metric', 'metric'], ['metrics', 'metric'],
      ['param', 'param'], ['params', 'param'], ['parameter', 'param'], ['parameters', 'param'],
      ['tag', 'tag'], ['tags', 'tag'],
    ];
    for (const [prefix, kind] of cases) {
      const value = kind === 'metric' ? '1' : "'1'";
      const expr = parse(`${prefix}.k = ${value}`);
      assert.ok(expr.type === 'numeric' || expr.type === 'string');
      assert.deepEqual(expr.identifier, { kind, key: 'k' });
    }
    for (const prefix of ['attribute', 'attributes', 'attr', 'run']) {
      assert.deepEqual(parse(`${prefix}.status = 'X'`), { type: 'string', identifier: attr('status'), op: '=', value: 'X' });
    }
    for (const prefix of ['dataset', 'datasets']) {
      assert.deepEqual(parse(`${prefix}.digest = 'd'`), { type: 'string', identifier: { kind: 'dataset', key: 'digest' }, op: '=', value: 'd' });
    }
  });

  it('treats a bare identifier as an attribute and resolves attribute aliases', () => {
    assert.deepEqual(parse('created >= 10'), { type: 'numeric', identifier: attr('start_time'), op: '>=', value: 10 });
    assert.deepEqual(parse('Created < 10'), { type: 'numeric', identifier: attr('start_time'), op: '<', value: 10 });
    assert.deepEqual(parse('`Run Name` = \'a\''), { type: 'string', identifier: attr('run_name'), op: '=', value: 'a' });
    assert.deepEqual(parse('attributes.`run name` = \'a\''), { type: 'string', identifier: attr('run_name'), op: '=', value: 'a' });
    for (const key of ['run_id', 'run_name', 'status', 'user_id', 'artifact_uri']) {
      assert.deepEqual(parse(`${key} != 'v'`), { type: 'string', identifier: attr(key), op: '!=', value: 'v' });
    }
    for (const key of ['start_time', 'end_time']) {
      assert.deepEqual(parse(`attr.${key} > 1`), { type: 'numeric', identifier: attr(key), op: '>', value: 1 });
    }
  });

  it('reads quoted and dotted keys', () => {
    assert.deepEqual(parse('metrics.`my metric` > 1'), { type: 'numeric', identifier: metric('my metric'), op: '>', value: 1 });
    assert.deepEqual(parse('tags."mlflow.runName" = \'x\''), { type: 'string', identifier: tag('mlflow.runName'), op: '=', value: 'x' });
    assert.deepEqual(parse("tags.mlflow.source.name = 'x'"), { type: 'string', identifier: tag('mlflow.source.name'), op: '=', value: 'x' });
    assert.deepEqual(parse('metrics.`a``b` = 1'), { type: 'numeric', identifier: metric('a`b'), op: '=', value: 1 });
    assert.deepEqual(parse('params.`x-y/z` = \'1\''), { type: 'string', identifier: param('x-y/z'), op: '=', value: '1' });
  });

  it('reads quotes doubled inside strings as literal quotes', () => {
    assert.deepEqual(parse("params.p = 'it''s'"), { type: 'string', identifier: param('p'), op: '=', value: "it's" });
    assert.deepEqual(parse('params.p = "say ""hi"""'), { type: 'string', identifier: param('p'), op: '=', value: 'say "hi"' });
  });

  it('parses IN and NOT IN on every string field', () => {
    assert.deepEqual(parse("params.opt IN ('adam', 'sgd')"), { type: 'in', identifier: param('opt'), values: ['adam', 'sgd'], negated: false });
    assert.deepEqual(parse("tags.t NOT IN ('a')"), { type: 'in', identifier: tag('t'), values: ['a'], negated: true });
    assert.deepEqual(parse("datasets.name in ('d1',\"d2\")"), { type: 'in', identifier: { kind: 'dataset', key: 'name' }, values: ['d1', 'd2'], negated: false });
    assert.deepEqual(parse("user_id not in ('u')"), { type: 'in', identifier: attr('user_id'), values: ['u'], negated: true });
  });

  it('parses IS NULL and IS NOT NULL on every kind', () => {
    assert.deepEqual(parse('metrics.loss IS NULL'), { type: 'null', identifier: metric('loss'), negated: false });
    assert.deepEqual(parse('params.p is not null'), { type: 'null', identifier: param('p'), negated: true });
    assert.deepEqual(parse('end_time IS NULL'), { type: 'null', identifier: attr('end_time'), negated: false });
    assert.deepEqual(parse('datasets.context IS NOT NULL'), { type: 'null', identifier: { kind: 'dataset', key: 'context' }, negated: true });
  });

  it('parses NOT LIKE / NOT ILIKE as NOT around the comparison', () => {
    assert.deepEqual(parse("params.p NOT ILIKE 'a%'"), {
      type: 'not',
      operand: { type: 'string', identifier: param('p'), op: 'ILIKE', value: 'a%' },
    });
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const a = { type: 'numeric', identifier: metric('a'), op: '=', value: 1 } as const;
    const b = { type: 'numeric', identifier: metric('b'), op: '=', value: 2 } as const;
    const c = { type: 'numeric', identifier: metric('c'), op: '=', value: 3 } as const;
    assert.deepEqual(parse('metrics.a = 1 OR metrics.b = 2 AND metrics.c = 3'), {
      type: 'or',
      operands: [a, { type: 'and', operands: [b, c] }],
    });
    assert.deepEqual(parse('NOT metrics.a = 1 AND metrics.b = 2'), {
      type: 'and',
      operands: [{ type: 'not', operand: a }, b],
    });
    assert.deepEqual(parse('(metrics.a = 1 OR metrics.b = 2) AND metrics.c = 3'), {
      type: 'and',
      operands: [{ type: 'or', operands: [a, b] }, c],
    });
    assert.deepEqual(parse('not not (metrics.a = 1)'), { type: 'not', operand: { type: 'not', operand: a } });
  });

  it('flattens chains of the same operator', () => {
    const expr = parse('metrics.a = 1 and metrics.b = 2 and (metrics.c = 3 and metrics.d = 4)');
    assert.equal(expr.type, 'and');
    assert.equal(expr.type === 'and' && expr.operands.length, 4);
  });

  it('keeps injection-shaped input as a literal value', () => {
    assert.deepEqual(parse("params.x = 'a'' OR 1=1 --'"), { type: 'string', identifier: param('x'), op: '=', value: "a' OR 1=1 --" });
    assert.deepEqual(parse("tags.t = '\"; DROP TABLE runs; --'"), { type: 'string', identifier: tag('t'), op: '=', value: '"; DROP TABLE runs; --' });
  });

  it('rejects injection-shaped input that is not a single literal', () => {
    assertError("params.x = 'a' OR 1=1 --", 23, /unexpected '-'/);
    assertError("params.x = 'a' OR 1=1", 19, /expected an identifier but found '1'/);
    assertError("params.x = 'a'; DROP TABLE runs", 15, /unexpected ';'/);
  });

  it('reports syntax errors with their position', () => {
    assertError('metrics.acc >> 1', 14, /unexpected '>'/);
    assertError('metrics.acc', 12, /expected a comparison operator after metric 'acc' but found end of input/);
    assertError("(status = 'a'", 14, /expected '\)' to close the '\(' at position 1/);
    assertError("status = 'a')", 13, /unexpected '\)'/);
    assertError("status = 'a", 10, /unterminated ' quote/);
    assertError('metrics.`a = 1', 9, /unterminated ` quote/);
    assertError('metrics.a = 1abc', 14, /unexpected 'a' in number/);
    assertError('metrics.a = 1 metrics.b = 2', 15, /unexpected 'metrics.b'/);
    assertError("status = 'a' AND", 17, /expected an identifier but found end of input/);
    assertError("AND status = 'a'", 1, /expected an identifier but found 'AND'/);
    assertError('metrics.a ~ 1', 11, /unexpected '~'/);
    assertError("params.p NOT = 'a'", 14, /'IN', 'LIKE' or 'ILIKE' after 'NOT'/);
    assertError('metrics.a IS 1', 14, /expected 'NULL'/);
    assertError("params.p IN 'a'", 13, /'\(' to start the list/);
    assertError('params.p IN ()', 14, /a quoted string in the IN list/);
    assertError("params.p IN ('a' 'b')", 18, /',' or '\)' in the IN list/);
    assertError('metrics. `a` = 1', 10, /a key right after 'metrics.'/);
  });

  it('reports unknown names with their position', () => {
    assertError('foo.bar = 1', 1, /unknown entity type 'foo'/);
    assertError("nope = 'x'", 1, /unknown attribute 'nope'/);
    assertError("attributes.lifecycle = 'x'", 12, /unknown attribute 'lifecycle'/);
    assertError("datasets.size = 'x'", 10, /unknown dataset field 'size'/);
  });

  it('reports type errors with their position', () => {
    assertError("metrics.acc = 'x'", 15, /metric value must be a number/);
    assertError("start_time > '5'", 14, /attribute value must be a number/);
    assertError('params.p = 5', 12, /param value must be a quoted string/);
    assertError('tags.t = abc', 10, /tag value must be a quoted string/);
    assertError('status = `x`', 10, /attribute value must be a quoted string/);
  });

  it('rejects comparators that do not fit the field type', () => {
    assertError("params.p > 'a'", 10, /'>' cannot be used with param 'p'/);
    assertError("metrics.m LIKE '1'", 11, /'LIKE' cannot be used with metric 'm'/);
    assertError("metrics.m ILIKE '1'", 11, /'ILIKE' cannot be used/);
    assertError("start_time IN ('1')", 12, /'IN' cannot be used with attribute 'start_time'/);
    assertError("run_id <= 'a'", 8, /'<=' cannot be used/);
  });

  it('limits nesting depth instead of overflowing the stack', () => {
    assertError(`${'('.repeat(60)}metrics.a = 1${')'.repeat(60)}`, 52, /nested too deeply/);
    assert.ok(parse(`${'('.repeat(20)}metrics.a = 1${')'.repeat(20)}`));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from '../core/errors.js';
import { checkJsonBody, checkPathParams, checkQueryFields } from './request-text.js';

function refusal(fn: () => void): string {
  let message = '';
  assert.throws(fn, (error: unknown) => {
    assert.ok(isStrataError(error), String(error));
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
    message = error.message;
    return true;
  });
  return message;
}

/** As the body parser calls it: the parsed value and the text it came from. */
const checkText = (text: string) => () => checkJsonBody(JSON.parse(text), text);

describe('request text', () => {
  it('accepts ordinary bodies, non-ASCII and escaped pairs included', () => {
    checkText('{"name": "ünïcode", "tags": [{"key": "k", "value": "two\\nlines"}], "emoji": "\\ud83d\\ude00"}')();
  });

  it('names the field holding a NUL or a lone surrogate', () => {
    assert.equal(
      refusal(checkText('{"tags": [{"key": "k", "value": "a\\u0000"}]}')),
      "Invalid request body: field 'tags[0].value' contains a NUL character (U+0000), which cannot be stored.",
    );
    assert.match(refusal(checkText('{"name": "\\udc00"}')), /field 'name' is not valid Unicode text/);
    assert.match(refusal(checkText('{"a": {"\\u0000": 1}}')), /field 'a\.\\u0000' contains a NUL/);
  });

  it('refuses nesting deeper than 64 whether or not the body has escapes', () => {
    const deep = `{"a": ${'['.repeat(64)}${']'.repeat(64)}}`;
    assert.match(refusal(checkText(deep)), /arrays and objects nest more than 64 levels deep/);
    checkText(`{"a": ${'['.repeat(63)}${']'.repeat(63)}}`)();
  });

  it('checks query and path parameters, lists included', () => {
    checkQueryFields({ run_ids: ['a', 'b'], filter: "name = 'x'" });
    assert.match(refusal(() => checkQueryFields({ run_ids: ['a', 'b\u0000'] })), /^Invalid query string: parameter 'run_ids\[1\]' contains a NUL/);
    checkPathParams({ '*': '1/run/artifacts/model.pkl' });
    assert.match(refusal(() => checkPathParams({ '*': 'a\u0000b.txt' })), /^Invalid URL path: it contains a NUL character/);
  });
});

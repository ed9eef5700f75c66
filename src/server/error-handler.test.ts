import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES } from '../api/error.js';
import { StrataError } from '../core/errors.js';
import { httpStatusOf } from './error-handler.js';

describe('httpStatusOf', () => {
  it("answers with the code's status, as MLflow maps them", () => {
    assert.equal(httpStatusOf(new StrataError('RESOURCE_ALREADY_EXISTS', 'x')), 400);
    assert.equal(httpStatusOf(new StrataError('RESOURCE_DOES_NOT_EXIST', 'x')), 404);
    assert.equal(httpStatusOf(new StrataError('TEMPORARILY_UNAVAILABLE', 'x')), 503);
    for (const code of ERROR_CODES) assert.ok(httpStatusOf(new StrataError(code, 'x')) >= 400, code);
  });

  it("answers with an error's own status where MLflow's differs from its code's", () => {
    assert.equal(httpStatusOf(new StrataError('REQUEST_LIMIT_EXCEEDED', 'too large', 413)), 413);
    assert.equal(httpStatusOf(new StrataError('INVALID_PARAMETER_VALUE', 'range', 416)), 416);
  });
});

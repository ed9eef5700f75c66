import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { joinArtifactPath, normalizeArtifactPath } from './artifact-path.js';
import { isStrataError } from './errors.js';

function assertRefused(raw: string): void {
  assert.throws(
    () => normalizeArtifactPath(raw),
    (error: unknown) => isStrataError(error) && error.code === 'INVALID_PARAMETER_VALUE',
    `expected ${JSON.stringify(raw)} to be refused`,
  );
}

describe('normalizeArtifactPath', () => {
  it('keeps ordinary relative paths', () => {
    assert.equal(normalizeArtifactPath('model/weights.bin'), 'model/weights.bin');
    assert.equal(normalizeArtifactPath('a/.../b'), 'a/.../b');
    assert.equal(normalizeArtifactPath('..foo/bar..'), '..foo/bar..');
    assert.equal(normalizeArtifactPath('100%.txt'), '100%.txt');
    assert.equal(normalizeArtifactPath('step:10.png'), 'step:10.png');
  });

  it('maps the empty path and "." to the root', () => {
    assert.equal(normalizeArtifactPath(''), '');
    assert.equal(normalizeArtifactPath('.'), '');
    assert.equal(normalizeArtifactPath('./'), '');
  });

  it('drops empty and "." segments and a trailing slash', () => {
    assert.equal(normalizeArtifactPath('a//b/./c/'), 'a/b/c');
    assert.equal(normalizeArtifactPath('./a'), 'a');
  });

  it('keeps literal percent signs rather than decoding them', () => {
    assert.equal(normalizeArtifactPath('a%2Fb'), 'a%2Fb');
    assert.equal(normalizeArtifactPath('%zz'), '%zz');
  });

  it('refuses ".." segments', () => {
    for (const raw of ['..', '../etc/passwd', 'a/../../b', 'a/..', 'a/b/../c', './..']) assertRefused(raw);
  });

  it('refuses absolute paths', () => {
    for (const raw of ['/etc/passwd', '//etc/passwd', '/']) assertRefused(raw);
  });

  it('refuses NUL bytes', () => {
    assertRefused('a\0b');
    assertRefused('file.txt\0.png');
  });

  it('refuses backslashes', () => {
    for (const raw of ['a\\b', '..\\..\\windows', '\\\\server\\share']) assertRefused(raw);
  });

  it('refuses Windows drive letters', () => {
    for (const raw of ['C:', 'C:/Windows', 'c:foo', 'Z:\\x']) assertRefused(raw);
  });

  it('refuses percent-encoded traversal', () => {
    for (const raw of ['%2e%2e%2fetc', '%2E%2E/etc', '..%2fetc', 'a/%2e%2e', '%2fetc/passwd', 'a%00b', 'a%5cb']) {
      assertRefused(raw);
    }
  });

  it('refuses double- and triple-encoded traversal', () => {
    for (const raw of ['%252e%252e%252fetc', '%25252e%25252e/x', '%252fetc']) assertRefused(raw);
  });

  it('refuses traversal hidden by empty-segment tricks', () => {
    for (const raw of ['a//../..', './/../x', 'a/.//..']) assertRefused(raw);
  });

  it('escapes control characters in the error message', () => {
    assert.throws(() => normalizeArtifactPath('x\0'), /x\\x00/);
  });
});

describe('joinArtifactPath', () => {
  it('joins and skips the root', () => {
    assert.equal(joinArtifactPath('', 'a', '', 'b/c'), 'a/b/c');
    assert.equal(joinArtifactPath(''), '');
  });
});

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stampOf, type FileStamp } from './file-ops.js';
import { StateCache } from './state-cache.js';

const stamp: FileStamp = { ino: '7', size: 3, mtimeMs: '1700000000123.4568', isExecutable: false };
const HASH = 'a'.repeat(64);

describe('StateCache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-state-'));
  const path = join(dir, 'state.json');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('still reads the version-2 file of earlier releases, so an upgrade re-hashes nothing', () => {
    writeFileSync(path, JSON.stringify({ version: 2, entries: ['data/a', '7:3:1700000000123456789', HASH] }));
    assert.equal(StateCache.load(path).lookup('data/a', stamp), HASH);
  });

  it('keeps file entries and folder fingerprints across a save', () => {
    const state = StateCache.load(path);
    state.recordTree('data', 'f'.repeat(64), 'b'.repeat(64));
    state.save();
    const again = StateCache.load(path);
    assert.equal(again.lookupTree('data', 'f'.repeat(64)), 'b'.repeat(64));
    assert.equal(again.lookupTree('data', 'e'.repeat(64)), undefined, 'another listing is not vouched for');
    assert.equal(again.lookup('data/a', stamp), HASH);
    assert.equal(again.lookup('data/a', { ...stamp, mtimeMs: '1700000000123.457' }), undefined);
  });

  it('writes the entries back unchanged when only a folder fingerprint changed', () => {
    const entriesBefore = readFileSync(path, 'utf8').split('\n')[1];
    const state = StateCache.load(path);
    state.recordTree('other', 'c'.repeat(64), 'd'.repeat(64));
    state.save();
    assert.equal(readFileSync(path, 'utf8').split('\n')[1], entriesBefore);
    assert.equal(StateCache.load(path).lookup('data/a', stamp), HASH);
  });

  it('a damaged file is an empty cache, not an error', () => {
    writeFileSync(path, '{"version":4,"trees":["data","x","y"]}\n[not json');
    const state = StateCache.load(path);
    assert.equal(state.lookup('data/a', stamp), undefined);
    assert.equal(state.lookupTree('data', 'x'), 'y');
    writeFileSync(path, 'garbage');
    assert.equal(StateCache.load(path).lookupTree('data', 'x'), undefined);
  });

  it('matches files stamped in nanoseconds by version 3 with the stamps Node gives them now', () => {
    // Version 3 stamped with BigInt stats; the same unchanged file must still be known.
    const file = join(dir, 'payload.bin');
    writeFileSync(file, 'abc');
    const old = lstatSync(file, { bigint: true });
    const v3 = JSON.stringify({ version: 3, trees: ['data', 'f'.repeat(64), 'b'.repeat(64)] });
    writeFileSync(path, `${v3}\n${JSON.stringify(['data/payload.bin', `${old.ino}:${old.size}:${old.mtimeNs}`, HASH])}`);
    const state = StateCache.load(path);
    assert.equal(state.lookup('data/payload.bin', stampOf(lstatSync(file))), HASH);
    assert.equal(state.lookupTree('data', 'f'.repeat(64)), undefined, 'a fingerprint of ns stamps vouches for nothing now');
    state.save();
    assert.match(readFileSync(path, 'utf8'), /^\{"version":4,/, 'saved in the current format');
    assert.equal(StateCache.load(path).lookup('data/payload.bin', stampOf(lstatSync(file))), HASH);
  });
});

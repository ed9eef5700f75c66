import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addPaths } from './add-paths.js';
import { dataVerify } from './data-verify.js';
import { listObjects } from './object-cache.js';
import { openDataRepo } from './data-repo.js';
import { createTempGitRepo } from '../../test/helpers/temp-git-repo.js';

describe('addPaths', () => {
  const t = createTempGitRepo();
  after(() => t.cleanup());
  const objects = () => listObjects(openDataRepo(t.dir));

  it('adds a file: pointer, cache object, .gitignore entry', async () => {
    t.write('model.bin', 'weights');
    const { outcomes } = await addPaths(['model.bin'], { cwd: t.dir });
    const out = outcomes[0];
    assert.ok(out?.ok);
    assert.equal(out.pointer.size, 7);
    assert.equal(out.pointer.files, undefined);
    assert.match(t.read('model.bin.strata'), /^version: 1\nalgo: blake3\nhash: [0-9a-f]{64}\nsize: 7\npath: model.bin\n$/);
    assert.equal(t.read('.gitignore'), '/model.bin\n');
    assert.ok(objects().has(out.pointer.hash));
  });

  it('adds a directory as a manifest and stores identical content once', async () => {
    t.write('data/a.txt', 'same');
    t.write('data/sub/b.txt', 'same');
    t.write('data/c.txt', 'other');
    const before = objects().size;
    const { outcomes } = await addPaths(['data/'], { cwd: t.dir });
    const out = outcomes[0];
    assert.ok(out?.ok);
    assert.equal(out.pointer.files, 3);
    assert.equal(out.pointer.size, 13);
    // two contents + one manifest
    assert.equal(objects().size, before + 3);
    assert.ok(objects().has(`${out.pointer.hash}.dir`));
  });

  it('stores only what changed in a new version', async () => {
    const before = objects().size;
    const again = await addPaths(['data'], { cwd: t.dir });
    assert.ok(again.outcomes[0]?.ok);
    assert.equal(again.outcomes[0].hashedFiles, 0, 'unchanged files are not hashed again');
    assert.equal(objects().size, before);
    t.write('data/c.txt', 'changed');
    const next = await addPaths(['data'], { cwd: t.dir });
    assert.ok(next.outcomes[0]?.ok);
    assert.equal(next.outcomes[0].hashedFiles, 1);
    assert.equal(objects().size, before + 2, 'one new file and one new manifest');
  });

  it('by default leaves the workspace file a private copy, so an in-place edit cannot reach the cache', async () => {
    const st = statSync(join(t.dir, 'model.bin'));
    assert.equal(st.nlink, 1);
    assert.notEqual(st.mode & 0o200, 0, 'still writable');
    // `echo … >> model.bin`: a write into the same inode, which as root a read-only bit would not stop.
    appendFileSync(join(t.dir, 'model.bin'), ' v2');
    assert.deepEqual((await dataVerify({}, { cwd: t.dir })).problems, []);
    t.write('model.bin', 'weights');
  });

  it('reports bad paths per path and still adds the good ones', async () => {
    t.write('good.txt', 'fine');
    symlinkSync(join(t.dir, 'good.txt'), join(t.dir, 'link.txt'));
    t.write('withlink/x.txt', 'x');
    symlinkSync('x.txt', join(t.dir, 'withlink/y.txt'));
    const { outcomes } = await addPaths(['missing.txt', '/etc/hostname', 'link.txt', 'withlink', 'data/a.txt', 'good.txt'], { cwd: t.dir });
    const codes = outcomes.map((o) => (o.ok ? 'ok' : o.error.code));
    assert.deepEqual(codes, ['PATH_NOT_FOUND', 'PATH_OUTSIDE_REPO', 'SYMLINK_REFUSED', 'SYMLINK_REFUSED', 'PATH_ALREADY_TRACKED', 'ok']);
    const withlink = outcomes[3];
    assert.ok(withlink && !withlink.ok && withlink.error.message.includes('withlink/y.txt'));
  });

  it('uses workers for many files and gets the same hashes as inline', async () => {
    for (let i = 0; i < 600; i++) t.write(`many/f${i % 7}/${i}.txt`, `file ${i}`);
    writeFileSync(join(t.dir, 'many/big.bin'), Buffer.alloc(5 << 20, 1));
    const { outcomes } = await addPaths(['many'], { cwd: t.dir, jobs: 2 });
    assert.ok(outcomes[0]?.ok, JSON.stringify(outcomes[0]));
    assert.equal(outcomes[0].pointer.files, 601);
    const single = await addPaths(['many/f1/1.txt'], { cwd: t.dir }).catch(() => undefined);
    assert.ok(single && !single.outcomes[0]?.ok);
  });
});

describe('addPaths with links: [hardlink, copy] (opt-in)', () => {
  const t = createTempGitRepo({ links: '[hardlink, copy]' });
  after(() => t.cleanup());

  it('hardlinks into the cache and makes the workspace file read-only', async () => {
    t.write('model.bin', 'weights');
    assert.ok((await addPaths(['model.bin'], { cwd: t.dir })).outcomes[0]?.ok);
    const st = statSync(join(t.dir, 'model.bin'));
    assert.equal(st.nlink, 2);
    assert.equal(st.mode & 0o222, 0);
  });
});

/**
 * A folder listing's fingerprint: the BLAKE3 of every file's relative path and stamp
 * (inode, size, mtime, executable bit), in walk order. If a folder's fingerprint is the
 * one recorded when its manifest was last computed, every file has the stamp it had then,
 * so (trusting stamps, as the state cache does) the manifest is the same: status can say
 * "unchanged" from the walk alone.
 */
import { Blake3Hasher } from '@napi-rs/blake-hash';
import type { WalkedFile } from './walk-tree.js';

/** Lines are hashed in slices: small strings are cheap to build, one 1 MB string is not. */
const FILES_PER_UPDATE = 1000;

export function treeFingerprint(files: WalkedFile[]): string {
  const hasher = new Blake3Hasher();
  let text = '';
  for (let i = 0; i < files.length; i++) {
    const { rel, stamp } = files[i] as WalkedFile;
    // NUL cannot occur in a path, so a path and its stamp cannot run into each other.
    text += rel + '\0' + stamp.ino + ':' + stamp.size + ':' + stamp.mtimeMs + (stamp.isExecutable ? ':1\n' : ':0\n');
    if ((i + 1) % FILES_PER_UPDATE === 0) {
      hasher.update(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  hasher.update(Buffer.from(text, 'utf8'));
  return hasher.digest('hex');
}

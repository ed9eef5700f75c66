/**
 * Puts a cache object at a workspace path with the configured link type. The object is
 * linked or copied to a temp name beside the target and renamed over it, so the path holds
 * either the old file or the complete new one. Copies get a normal writable mode; hardlinks
 * stay read-only because they are the cache object.
 */
import { chmodSync, lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { placeFile, stampOf, type FileStamp, type LinkType } from './file-ops.js';

let counter = 0;

export function placeObject(object: string, dst: string, links: LinkType[], isExecutable: boolean): { link: LinkType; stamp: FileStamp } {
  mkdirSync(dirname(dst), { recursive: true });
  counter += 1;
  const tmp = `${dst}.strata-tmp-${process.pid}-${counter}`;
  const link = placeFile(object, tmp, links);
  try {
    if (link !== 'hardlink') chmodSync(tmp, isExecutable ? 0o755 : 0o644);
    renameSync(tmp, dst);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return { link, stamp: stampOf(lstatSync(dst, { bigint: true })) };
}

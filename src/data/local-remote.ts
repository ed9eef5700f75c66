/**
 * A remote that is a folder (local disk or a mounted share), laid out like the cache:
 * `<root>/<aa>/<rest>`, with in-flight copies under `<root>/.tmp/`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataRemote, ObjectTransfer, TransferContext, TransferOutcome } from './data-remote.js';
import type { CopyItem, FileOpResult } from './file-ops.js';
import { listObjectTree } from './object-cache.js';
import { objectRelPath } from './object-key.js';

export class LocalRemote implements DataRemote {
  private readonly tmpDir: string;

  constructor(
    readonly url: string,
    private readonly root: string,
  ) {
    this.tmpDir = join(root, '.tmp');
  }

  async listObjects(): Promise<Set<string>> {
    return listObjectTree(this.root);
  }

  async putObjects(items: ObjectTransfer[], context: TransferContext): Promise<TransferOutcome[]> {
    mkdirSync(this.tmpDir, { recursive: true });
    const copies = items.map((i) => ({ item: { key: i.key, src: i.localPath, dst: this.remotePath(i.key) }, size: i.size }));
    return outcomes(items, await context.pool.map(copies, (batch) => ({ op: 'copy', items: batch, tmpDir: this.tmpDir })));
  }

  async getObjects(items: ObjectTransfer[], context: TransferContext): Promise<TransferOutcome[]> {
    const copies = items.map((i) => ({ item: { key: i.key, src: this.remotePath(i.key), dst: i.localPath }, size: i.size }));
    const tmpDir = context.localTmpDir;
    return outcomes(items, await context.pool.map<CopyItem>(copies, (batch) => ({ op: 'copy', items: batch, tmpDir })));
  }

  private remotePath(key: string): string {
    return join(this.root, objectRelPath(key));
  }
}

function outcomes(items: ObjectTransfer[], results: FileOpResult[]): TransferOutcome[] {
  return results.map((r, i) => {
    const key = (items[i] as ObjectTransfer).key;
    return r.ok ? { key, ok: true } : { key, ok: false, error: r.error };
  });
}

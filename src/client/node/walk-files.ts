import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalFile {
  /** '/'-separated, relative to the walked directory. */
  relativePath: string;
  absolutePath: string;
  size: number;
}

/** Every file below `dir` (symlinks followed, as MLflow's log_artifacts does), sorted by path. */
export async function walkFiles(dir: string, prefix = ''): Promise<LocalFile[]> {
  const found: LocalFile[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const absolutePath = join(dir, entry.name);
    const relativePath = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const stats = entry.isSymbolicLink() ? await stat(absolutePath) : undefined;
    if (entry.isDirectory() || stats?.isDirectory()) {
      found.push(...(await walkFiles(absolutePath, relativePath)));
    } else if (entry.isFile() || stats?.isFile()) {
      found.push({ relativePath, absolutePath, size: stats?.size ?? (await stat(absolutePath)).size });
    }
  }
  return found.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

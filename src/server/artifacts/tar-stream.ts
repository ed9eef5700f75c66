/**
 * A folder of the artifact store as a POSIX tar stream (ustar headers, with a PAX extended header
 * for names over 100 bytes, non-ASCII names and files of 8 GiB or more). Files are read one at a
 * time, so memory stays at one chunk whatever the folder holds; nothing is compressed (artifacts
 * are mostly already compressed, and a tar can be streamed without knowing its total size).
 */
import type { ArtifactStore } from '../../core/ports/artifact-store.js';

const BLOCK = 512;
const MAX_USTAR_SIZE = 8 ** 11 - 1;
const encoder = new TextEncoder();

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, type: '0' | '5' | 'x', mtimeSeconds: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (text: string, offset: number, length: number) => block.set(encoder.encode(text).subarray(0, length), offset);
  put(name, 0, 100);
  put(octal(type === '5' ? 0o755 : 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(Math.min(size, MAX_USTAR_SIZE), 12), 124, 12);
  put(octal(mtimeSeconds, 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(octal(sum, 7) + ' ', 148, 8);
  return block;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  for (;;) {
    const record = `${length}${body}`;
    const bytes = encoder.encode(record).length;
    if (bytes === length) return record;
    length = bytes;
  }
}

function padding(size: number): Uint8Array {
  const rest = size % BLOCK;
  return new Uint8Array(rest === 0 ? 0 : BLOCK - rest);
}

/** Headers for one entry: a PAX header first when ustar cannot hold its name or size. */
export function entryHeaders(name: string, size: number, type: '0' | '5', mtimeSeconds: number): Uint8Array[] {
  const needsPax = encoder.encode(name).length > 100 || /[^\x20-\x7e]/.test(name) || size > MAX_USTAR_SIZE;
  if (!needsPax) return [header(name, size, type, mtimeSeconds)];
  let records = paxRecord('path', name);
  if (size > MAX_USTAR_SIZE) records += paxRecord('size', String(size));
  const pax = encoder.encode(records);
  const shortName = `PaxHeader/${name.replace(/[^\x20-\x7e]/g, '_')}`.slice(0, 99);
  return [header(shortName, pax.length, 'x', mtimeSeconds), pax, padding(pax.length), header(name.replace(/[^\x20-\x7e]/g, '_').slice(-100), size, type, mtimeSeconds)];
}

/** The tar of `folder` (a store path), entries named `<prefix>/<path below folder>`. */
export async function* tarFolder(store: ArtifactStore, folder: string, prefix: string, now: Date = new Date()): AsyncGenerator<Uint8Array> {
  const mtime = Math.floor(now.getTime() / 1000);
  const strip = folder === '' ? 0 : folder.length + 1;
  async function* walk(dir: string): AsyncGenerator<Uint8Array> {
    const entries = [...(await store.list(dir))].sort((a, b) => a.path.localeCompare(b.path));
    for (const entry of entries) {
      const name = [prefix, entry.path.slice(strip)].filter((p) => p !== '').join('/');
      if (entry.isDir) {
        yield* entryHeaders(`${name}/`, 0, '5', mtime);
        yield* walk(entry.path);
        continue;
      }
      const content = await store.get(entry.path);
      yield* entryHeaders(name, content.size, '0', mtime);
      let sent = 0;
      for await (const chunk of content.stream) {
        sent += chunk.length;
        yield chunk;
      }
      if (sent !== content.size) throw new Error(`'${entry.path}' changed while being archived (${sent} of ${content.size} bytes).`);
      yield padding(content.size);
    }
  }
  if (prefix !== '') yield* entryHeaders(`${prefix}/`, 0, '5', mtime);
  yield* walk(folder);
  yield new Uint8Array(BLOCK * 2);
}

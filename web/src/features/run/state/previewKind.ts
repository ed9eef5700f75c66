// Which preview a file gets, from its name alone (the listing has no content types), and the
// byte budgets that keep a preview from ever pulling a large file whole into the page.

export type PreviewKind = 'image' | 'text' | 'json' | 'yaml' | 'csv' | 'tsv' | 'markdown' | 'html' | 'pdf' | 'mlmodel' | 'none';

const BY_EXTENSION: Record<string, PreviewKind> = {
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', svg: 'image', webp: 'image', bmp: 'image', ico: 'image',
  json: 'json', ipynb: 'json', jsonl: 'text', ndjson: 'text',
  yaml: 'yaml', yml: 'yaml',
  csv: 'csv', tsv: 'tsv',
  md: 'markdown', markdown: 'markdown',
  html: 'html', htm: 'html',
  pdf: 'pdf',
  txt: 'text', log: 'text', out: 'text', err: 'text', py: 'text', sh: 'text', ts: 'text', js: 'text', r: 'text',
  sql: 'text', toml: 'text', ini: 'text', cfg: 'text', conf: 'text', xml: 'text', rst: 'text', diff: 'text', patch: 'text', env: 'text',
};

const BY_NAME: Record<string, PreviewKind> = {
  MLmodel: 'mlmodel', MLproject: 'yaml', 'requirements.txt': 'text', 'conda.yaml': 'yaml', 'python_env.yaml': 'yaml', Dockerfile: 'text', LICENSE: 'text', README: 'markdown',
};

export function baseName(path: string): string {
  return path.split('/').filter((p) => p !== '').pop() ?? path;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

export function previewKind(path: string): PreviewKind {
  const name = baseName(path);
  const byName = BY_NAME[name];
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'text';
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'none';
}

/** Tail chunk for text and logs: the last 256 KiB first, earlier chunks on request. */
export const TEXT_CHUNK_BYTES = 256 * 1024;
/** Files parsed whole (JSON, YAML, Markdown, MLmodel) only up to this; larger ones show as text tails. */
export const PARSE_LIMIT_BYTES = 4 * 1024 * 1024;
/** Images, HTML and PDF are handed to the browser whole, so only up to this. */
export const EMBED_LIMIT_BYTES = 20 * 1024 * 1024;
/** CSV/TSV: the first rows shown, and the most bytes read to find them. */
export const CSV_MAX_ROWS = 10_000;
export const CSV_MAX_BYTES = 32 * 1024 * 1024;


/**
 * A chunk read at byte `start` of a file: when `start` > 0 the first line is most likely cut,
 * so it is dropped and the text starts at the next line boundary (`textStart`). A chunk whose only
 * newline is its last byte (the end of the line before what is already shown), or that has none, is
 * kept whole: part of one long line, so loading earlier always makes progress.
 */
export function decodeChunk(bytes: Uint8Array, start: number): { text: string; textStart: number } {
  const newline = bytes.subarray(0, Math.max(0, bytes.length - 1)).indexOf(0x0a);
  const skip = start === 0 || newline === -1 ? 0 : newline + 1;
  return { text: new TextDecoder().decode(bytes.subarray(skip)), textStart: start + skip };
}

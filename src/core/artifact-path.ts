/**
 * The one path-safety rule for artifacts. Every ArtifactStore and the HTTP layer pass
 * client paths through `normalizeArtifactPath` before touching storage, so a single
 * function decides what "inside the root" means.
 */
import { invalidParameter } from './errors.js';

/** How many layers of percent-encoding are unwrapped when looking for traversal. */
const MAX_DECODE_DEPTH = 4;

/**
 * Returns the path in canonical form: relative, '/'-separated, no empty or '.' segments,
 * no trailing slash ('' is the root). Refuses with INVALID_PARAMETER_VALUE (400) anything
 * that could name a location outside the root, including when hidden behind one or more
 * layers of percent-encoding (`%2e%2e%2f`, `%252e%252e%252f`).
 */
export function normalizeArtifactPath(raw: string): string {
  for (const form of decodedForms(raw)) assertSafeForm(form, raw);
  return raw
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** Joins normalised paths; '' (the root) disappears. */
export function joinArtifactPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}

/** The raw string and each successive percent-decoding of it, until stable or undecodable. */
export function decodedForms(raw: string): string[] {
  const forms = [raw];
  let current = raw;
  for (let depth = 0; depth < MAX_DECODE_DEPTH && current.includes('%'); depth++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      // Not valid percent-encoding: the '%' is a literal character of the file name.
      break;
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function assertSafeForm(form: string, raw: string): void {
  const refuse = (why: string): never => {
    throw invalidParameter(`Invalid artifact path '${printable(raw)}': ${why}.`);
  };
  if (form.includes('\0')) refuse('it contains a NUL byte');
  if (form.includes('\\')) refuse('it contains a backslash');
  if (form.startsWith('/')) refuse('it is absolute');
  // "C:" names a drive (or a drive-relative path) on Windows; never a valid artifact name start.
  if (/^[A-Za-z]:/.test(form)) refuse('it starts with a drive letter');
  if (form.split('/').some((segment) => segment === '..')) refuse("it contains a '..' segment");
}

/** Error messages echo the path; control characters are escaped so logs stay readable. */
function printable(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\x00-\x1f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

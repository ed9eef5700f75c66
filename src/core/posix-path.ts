/**
 * Python's posixpath.normpath, which MLflow uses to refuse keys that would name
 * another file ("a/../b", "./a"). Core cannot import node:path, and its semantics
 * differ in corners (a leading "//" is kept by Python).
 */
export function normalizePosixPath(path: string): string {
  if (path === '') return '.';
  const leading = path.startsWith('/') ? (path.startsWith('//') && !path.startsWith('///') ? 2 : 1) : 0;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    const last = parts[parts.length - 1];
    if (part !== '..' || (leading === 0 && parts.length === 0) || last === '..') parts.push(part);
    else if (parts.length > 0) parts.pop();
  }
  const joined = '/'.repeat(leading) + parts.join('/');
  return joined === '' ? '.' : joined;
}

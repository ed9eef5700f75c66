/**
 * Content type for an artifact download, chosen the way MLflow's `_guess_mime_type` does:
 * text-like files (logs, configs, MLmodel…) are `text/plain` so the dashboard can preview
 * them, anything unknown is `application/octet-stream`. The HTTP layer still sends them as
 * attachments with `nosniff`, so an uploaded .html cannot run script on the server's origin.
 */

/** Extensions (or whole extension-less names) MLflow serves as text/plain. */
const TEXT_EXTENSIONS = new Set([
  'txt', 'log', 'err', 'cfg', 'conf', 'cnf', 'cf', 'ini', 'properties', 'prop', 'hocon', 'toml',
  'yaml', 'yml', 'xml', 'json', 'js', 'py', 'py3', 'csv', 'tsv', 'md', 'rst', 'MLmodel', 'mlproject',
]);

/** The subset of Python's mimetypes table that ML artifacts actually use. */
const MIME_BY_EXTENSION: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ico: 'image/vnd.microsoft.icon',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  mp3: 'audio/mpeg',
  wav: 'audio/x-wav',
  mp4: 'video/mp4',
  webm: 'video/webm',
  ipynb: 'application/x-ipynb+json',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function guessContentType(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  // MLflow treats an extension-less name (MLmodel) as its own extension; a leading dot
  // (.gitignore) is a hidden file's name, not an extension, as in os.path.splitext.
  const extension = dot > 0 ? name.slice(dot + 1) : name;
  if (TEXT_EXTENSIONS.has(extension)) return 'text/plain';
  return MIME_BY_EXTENSION[extension.toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

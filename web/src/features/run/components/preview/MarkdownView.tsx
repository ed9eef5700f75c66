import { useMemo } from 'react';
import { describeError } from '../../../../components/states/ErrorState';
import { renderMarkdown } from '../../../../lib/markdown';
import { artifactDownloadUrl, useArtifactText } from '../../api/useArtifactContent';
import { parentOf } from '../../state/previewKind';

/**
 * Markdown rendered by marked, then sanitized by DOMPurify (no script, no event handlers, no
 * javascript: links, no forms or frames). Relative images load from the run's artifacts; remote
 * ones are dropped (the page's CSP would refuse them anyway); links open in a new tab.
 */
export function MarkdownView({ runId, path }: { runId: string; path: string }) {
  const text = useArtifactText(runId, path);
  const html = useMemo(() => (text.data === undefined ? undefined : renderMarkdown(text.data, (src) => resolveImage(runId, path, src))), [text.data, runId, path]);
  if (text.isPending) return <div className="muted">Loading…</div>;
  if (text.isError) return <div className="field-error" role="alert">{describeError(text.error)}</div>;
  return <div className="markdown-body" data-testid="preview-markdown" dangerouslySetInnerHTML={{ __html: html ?? '' }} />;
}

function resolveImage(runId: string, path: string, src: string): string | undefined {
  if (src.startsWith('data:image/')) return src;
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src) || src.startsWith('/')) return undefined;
  const parts = [...parentOf(path).split('/'), ...src.split(/[?#]/)[0]!.split('/')].filter((p) => p !== '' && p !== '.');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else resolved.push(part);
  }
  return artifactDownloadUrl(runId, resolved.join('/'));
}

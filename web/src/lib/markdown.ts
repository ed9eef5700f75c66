import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Markdown to sanitized HTML (no script, no event handlers, no inline styles, no forms or frames);
 * links open in a new tab, and `image` decides where each image may load from (undefined drops it).
 * Used for Markdown artifacts and for MLflow's notes (the mlflow.note.content tag).
 */
export function renderMarkdown(markdown: string, image: (src: string) => string | undefined): string {
  const raw = marked.parse(markdown, { async: false, gfm: true });
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.tagName === 'IMG') {
      const src = image(node.getAttribute('src') ?? '');
      if (src === undefined) node.removeAttribute('src');
      else node.setAttribute('src', src);
      node.removeAttribute('srcset');
    }
  });
  return purify.sanitize(raw, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'iframe', 'object', 'embed'], FORBID_ATTR: ['style'] });
}

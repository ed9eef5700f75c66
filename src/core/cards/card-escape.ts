/**
 * Escaping for the Markdown and HTML renderers: every user string (tag values, descriptions,
 * names, comments) goes through one of these, so markup in a tag comes out as text. Markdown
 * gets CommonMark backslash escapes for its inline syntax, entities for `<` and `>` (raw HTML
 * is the usual injection), and line-start escapes so no line becomes a heading, list, quote,
 * fence or indented code. Only what could open syntax is escaped, so the text stays readable.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

/**
 * Inline syntax anywhere in a line: emphasis, code spans, link and image brackets (a `(` only
 * makes a link after `]`), table pipes, strikethrough. `<` and `>` become entities (raw HTML),
 * and so does an `&` that would start one.
 */
const MARKDOWN_INLINE = /[\\`*_[\]|~]/g;

function escapeInline(text: string): string {
  return text
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_INLINE, (char) => `\\${char}`);
}

/** Line starts that open a block: headings, lists (`-`, `+`, `1.`), setext underlines (`=`), indented code. */
function escapeLineStart(line: string): string {
  return line.trimStart().replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A paragraph: each line escaped, line breaks kept as hard breaks, blank lines as paragraph breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeLineStart(escapeInline(line)))
    .join('  \n')
    .replace(/( {2}\n){2,}/g, '\n\n');
}

/** One line of text inside a line (a table cell, a value after a label): newlines become spaces. */
export function escapeMarkdownInline(text: string): string {
  return escapeInline(text.replace(/\s*\r?\n\s*/g, ' '));
}

/** A list item's text: one line, which may not open a block of its own. */
export function escapeMarkdownItem(text: string): string {
  return escapeLineStart(escapeMarkdownInline(text));
}

/** A fenced code block whose fence is longer than any backtick run in `text`, so it cannot be closed early. */
export function markdownFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

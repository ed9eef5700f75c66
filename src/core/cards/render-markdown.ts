/**
 * A card as Markdown in the style of Hugging Face model cards: YAML front matter (model name,
 * tags, datasets, metrics as a `model-index`), then the document's blocks. Every user string is
 * escaped (card-escape.ts); the front matter is written by the YAML library, double-quoted, with
 * markup characters as YAML escapes.
 */
import { stringify } from 'yaml';
import { cardDocument, type CardBlock } from './card-document.js';
import { escapeMarkdown, escapeMarkdownInline, escapeMarkdownItem, markdownFence } from './card-escape.js';
import type { CardField, ModelCard } from './model-card.js';

const STATUS_LABEL = { filled: 'filled', partial: 'partial', missing: '**missing**' } as const;

function metricValue(text: string): number | string {
  const value = Number(text);
  return text !== '' && Number.isFinite(value) ? value : text;
}

function frontMatter(card: ModelCard): string {
  const { strata } = card;
  const matter: Record<string, unknown> = {
    model_name: card.modelDetails.name,
    model_version: strata.version.version,
    model_uri: strata.modelUri,
    template: strata.template,
    generated: new Date(strata.generatedTime).toISOString(),
    tags: ['strata', `stage:${strata.version.stage}`, ...strata.version.aliases.map((alias) => `alias:${alias}`)],
  };
  const license = card.modelDetails.licenses.map((l) => l.customText).join('; ');
  if (license) matter.license = license;
  if (card.modelParameters.data.length > 0) matter.datasets = card.modelParameters.data.map((d) => d.name);
  if (card.completeness) matter.completeness = card.completeness.score;
  const metrics = card.quantitativeAnalysis.performanceMetrics;
  if (metrics.length > 0) {
    const dataset = card.modelParameters.data[0];
    matter['model-index'] = [{
      name: card.modelDetails.name,
      results: [{
        task: { type: 'other' },
        ...(dataset ? { dataset: { name: dataset.name, type: dataset.name } } : {}),
        metrics: metrics.map((m) => ({ type: m.type, name: m.slice ? `${m.type} (${m.slice})` : m.type, value: metricValue(m.value) })),
      }],
    }];
  }
  return `---\n${yamlWithoutMarkup(matter)}---\n`;
}

/**
 * YAML whose strings are all double-quoted, with `<`, `>`, `&`, `[` and `]` inside them written as
 * `\xNN` escapes: the same values to a YAML reader, and inert text to a Markdown renderer that
 * does not know front matter and shows it as a paragraph. Keys are ours and hold none of them.
 */
function yamlWithoutMarkup(value: unknown): string {
  const text = stringify(value, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  const escapeMarkup = (quoted: string) => quoted.replace(/[<>&[\]]/g, (char) => `\\x${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return text.replace(/"(?:[^"\\]|\\.)*"/g, escapeMarkup);
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => escapeMarkdownInline(cell) || ' ').join(' | ')} |`;
}

function fieldLine(field: CardField): string {
  const name = `**${escapeMarkdownInline(field.name)}**`;
  return field.status === 'filled'
    ? `- ${name}: ${escapeMarkdownInline(field.value ?? '')}`
    : `- ${name}: **missing**. To fill it: ${escapeMarkdownInline(field.hint ?? '')}`;
}

function block(part: CardBlock): string {
  switch (part.kind) {
    case 'heading': {
      const status = part.status ? ` (${STATUS_LABEL[part.status]})` : '';
      return `${'#'.repeat(part.level)} ${escapeMarkdownInline(part.text)}${status}`;
    }
    case 'paragraph':
      return escapeMarkdown(part.text);
    case 'note':
      return `_${escapeMarkdownInline(part.text)}_`;
    case 'facts':
      return part.rows.map(([label, value]) => `- **${escapeMarkdownInline(label)}:** ${escapeMarkdownInline(value)}`).join('\n');
    case 'list':
      return part.items.map((item) => `- ${escapeMarkdownItem(item)}`).join('\n');
    case 'table':
      return [tableRow(part.head), `|${part.head.map(() => ' --- ').join('|')}|`, ...part.rows.map(tableRow)].join('\n');
    case 'code':
      return markdownFence(part.text);
    case 'fields':
      return part.fields.map(fieldLine).join('\n');
  }
}

export function renderCardMarkdown(card: ModelCard): string {
  const document = cardDocument(card);
  return `${frontMatter(card)}\n${document.blocks.map(block).filter((text) => text !== '').join('\n\n')}\n`;
}

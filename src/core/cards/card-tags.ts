/**
 * The free text of a card (intended use, limitations, risk management…) comes from tags named
 * `strata.card.<field>` (CARD_TAG_FIELDS in src/api/strata-cards.ts). Users set them with the
 * tag commands they already know (MLflow's set_model_version_tag). A field's version tags win;
 * without any, the model's tags apply (text shared by every version). `<field>.<suffix>` keys
 * add entries to the same field, in key order, for fields that are lists.
 */
import { CARD_TAG_PREFIX, type CardTagField } from '../../api/strata-cards.js';
import type { Tag } from '../entities.js';

export interface CardTagUse {
  key: string;
  value: string;
  from: 'version' | 'model';
}

export class CardTags {
  /** Every tag that filled a field, in field order. */
  readonly used: CardTagUse[] = [];
  private readonly byField = new Map<string, CardTagUse[]>();

  constructor(versionTags: readonly Tag[], modelTags: readonly Tag[]) {
    for (const field of fieldsNamedBy([...versionTags, ...modelTags])) {
      const fromVersion = tagsOf(field, versionTags, 'version');
      const uses = fromVersion.length > 0 ? fromVersion : tagsOf(field, modelTags, 'model');
      this.byField.set(field, uses);
      this.used.push(...uses);
    }
  }

  /** Each non-blank entry of the field, trimmed. */
  entries(field: CardTagField): string[] {
    return (this.byField.get(field) ?? []).map((use) => use.value.trim()).filter((value) => value !== '');
  }

  /** The entries as one text, blank lines between them; undefined when none. */
  text(field: CardTagField): string | undefined {
    const entries = this.entries(field);
    return entries.length === 0 ? undefined : entries.join('\n\n');
  }
}

function fieldOf(key: string): string | undefined {
  if (!key.startsWith(CARD_TAG_PREFIX)) return undefined;
  const rest = key.slice(CARD_TAG_PREFIX.length);
  const dot = rest.indexOf('.');
  return dot === -1 ? rest : rest.slice(0, dot);
}

function fieldsNamedBy(tags: readonly Tag[]): string[] {
  const fields = new Set<string>();
  for (const tag of tags) {
    const field = fieldOf(tag.key);
    if (field) fields.add(field);
  }
  return [...fields].sort();
}

function tagsOf(field: string, tags: readonly Tag[], from: CardTagUse['from']): CardTagUse[] {
  return tags
    .filter((tag) => fieldOf(tag.key) === field)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((tag) => ({ key: tag.key, value: tag.value, from }));
}

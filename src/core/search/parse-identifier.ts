/**
 * Reads one field reference (`metrics.acc`, `tags."mlflow.runName"`, `status`,
 * `` `Run name` ``) and resolves it against an identifier table.
 */
import { shortenForMessage } from '../shorten-for-message.js';
import type { EntityKind, Identifier } from './ast.js';
import type { FieldType, KindSpec, SearchSchema } from './search-schema.js';
import { SearchSyntaxError } from './search-syntax-error.js';
import { isKeyword, unexpected, type TokenCursor } from './token-cursor.js';

export interface ResolvedIdentifier {
  identifier: Identifier;
  type: FieldType;
  /** How the user wrote it, for messages ("metric 'acc'"). */
  label: string;
}

type KindTable = Partial<Record<EntityKind, KindSpec>>;

const KIND_NAMES: Record<EntityKind, string> = {
  metric: 'metric',
  param: 'param',
  tag: 'tag',
  attribute: 'attribute',
  dataset: 'dataset field',
};

export function parseIdentifier(cursor: TokenCursor, schema: SearchSchema, table: KindTable): ResolvedIdentifier {
  const token = cursor.next();
  // A bare backticked name is an attribute, as in MLflow: `Run name` = 'x'.
  if (token.kind === 'backtick') return resolveKey(table, 'attribute', token.value, token.pos);
  if (token.kind !== 'word' || isKeyword(token)) throw unexpected(token, 'an identifier');
  const dot = token.value.indexOf('.');
  if (dot < 0) return resolveKey(table, 'attribute', token.value, token.pos);

  const prefix = token.value.slice(0, dot);
  const kind = schema.prefixes[prefix];
  if (kind === undefined || table[kind] === undefined) {
    const valid = Object.keys(schema.prefixes).filter((p) => {
      const k = schema.prefixes[p];
      return k !== undefined && table[k] !== undefined;
    });
    throw new SearchSyntaxError(`unknown entity type '${shortenForMessage(prefix)}' (valid: ${valid.join(', ')})`, token.pos);
  }
  const key = token.value.slice(dot + 1);
  if (key !== '') return resolveKey(table, kind, key, token.pos + dot + 1);
  // `metrics.` followed by a quoted key: metrics.`my metric`, tags."mlflow.runName"
  const quoted = cursor.next();
  if ((quoted.kind !== 'string' && quoted.kind !== 'backtick') || quoted.pos !== token.pos + token.value.length) {
    throw unexpected(quoted, `a key right after '${shortenForMessage(token.value)}'`);
  }
  return resolveKey(table, kind, quoted.value, quoted.pos);
}

function resolveKey(table: KindTable, kind: EntityKind, key: string, pos: number): ResolvedIdentifier {
  const spec = table[kind];
  if (spec === undefined) throw new SearchSyntaxError(`${KIND_NAMES[kind]}s cannot be used here`, pos);
  if (key === '' || key.endsWith('.')) throw new SearchSyntaxError(`invalid ${KIND_NAMES[kind]} key '${shortenForMessage(key)}'`, pos);
  if ('anyKey' in spec) {
    return { identifier: { kind, key }, type: spec.anyKey, label: `${KIND_NAMES[kind]} '${shortenForMessage(key)}'` };
  }
  const field = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
  if (field === undefined) {
    const valid = Object.keys(spec.fields).filter((k) => !k.includes(' '));
    throw new SearchSyntaxError(`unknown ${KIND_NAMES[kind]} '${shortenForMessage(key)}' (valid: ${valid.join(', ')})`, pos);
  }
  return { identifier: { kind, key: field.key }, type: field.type, label: `${KIND_NAMES[kind]} '${shortenForMessage(key)}'` };
}

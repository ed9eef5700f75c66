/**
 * A model card to the wire: the domain's camelCase keys to snake_case. The card holds no
 * object keyed by user text (tags, params and metrics are {key, value} lists), so every key is
 * a field name and a deep rename is exact. The compiler checks that the renamed card type is a
 * ModelCardWire, so the two cannot drift apart.
 */
import type { ModelCardWire } from '../../api/strata-cards.js';
import type { ModelCard } from '../../core/cards/model-card.js';
import { snakeCase } from './snake-case-keys.js';

type SnakeKey<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeKey<Tail>}`
  : S;

type Snake<T> = T extends readonly (infer Item)[]
  ? Snake<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? SnakeKey<K> : K]: Snake<T[K]> }
    : T;

function snakeDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeDeep);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snakeCase(key), snakeDeep(inner)]));
}

export function modelCardToWire(card: ModelCard): ModelCardWire {
  const wire = snakeDeep(card) as Snake<ModelCard>;
  return wire;
}

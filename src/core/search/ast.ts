/**
 * The parsed form of a search filter and of an order_by clause. The parser has
 * already checked names, comparators and value types against the entity's
 * identifier table, so a store can compile these nodes without re-validating.
 */

/** Where a field lives: MLflow's entity types (metrics.x, params.x, tags.x, attributes.x, datasets.x). */
export type EntityKind = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/**
 * A field a filter or order_by refers to. `key` is canonical: aliases are
 * resolved (`created` -> `start_time`, `run name` -> `run_name`), quotes removed.
 */
export interface Identifier {
  kind: EntityKind;
  key: string;
}

export type NumericComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type StringComparator = '=' | '!=' | 'LIKE' | 'ILIKE';

/** `metrics.acc > 0.9`, `attributes.start_time >= 1700000000000` */
export interface NumericComparison {
  type: 'numeric';
  identifier: Identifier;
  op: NumericComparator;
  value: number;
}

/** `params.lr = '0.1'`, `tags.team ILIKE 'ml%'` */
export interface StringComparison {
  type: 'string';
  identifier: Identifier;
  op: StringComparator;
  value: string;
}

/** `run_id IN ('a', 'b')`; `negated` for NOT IN. Only on string fields. */
export interface InList {
  type: 'in';
  identifier: Identifier;
  values: string[];
  negated: boolean;
}

/** `metrics.acc IS NULL` (the run has no such metric); `negated` for IS NOT NULL. */
export interface NullCheck {
  type: 'null';
  identifier: Identifier;
  negated: boolean;
}

export interface AndExpr {
  type: 'and';
  /** Two or more; nested ANDs are flattened. */
  operands: FilterExpr[];
}

export interface OrExpr {
  type: 'or';
  operands: FilterExpr[];
}

export interface NotExpr {
  type: 'not';
  operand: FilterExpr;
}

export type Comparison = NumericComparison | StringComparison | InList | NullCheck;

export type FilterExpr = Comparison | AndExpr | OrExpr | NotExpr;

/** One order_by clause: `metrics.acc DESC`. */
export interface OrderByKey {
  entity: Identifier;
  ascending: boolean;
}

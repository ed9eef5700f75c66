/**
 * Identifier tables: which names a filter or order_by may use for one kind of
 * entity, and the type of each. One parser serves runs, experiments and the
 * model registry; only these tables differ.
 */
import type { EntityKind } from './ast.js';

export type FieldType = 'string' | 'number';

export interface FieldSpec {
  /** Canonical key written into the AST (resolves aliases such as `created`). */
  key: string;
  type: FieldType;
}

/** Either any key of one type (metrics.<anything>) or a fixed set of fields (attributes). */
export type KindSpec = { anyKey: FieldType } | { fields: Record<string, FieldSpec> };

export interface SearchSchema {
  /** Prefix as written (`metrics`, `attr`…) -> entity kind. */
  prefixes: Record<string, EntityKind>;
  filter: Partial<Record<EntityKind, KindSpec>>;
  orderBy: Partial<Record<EntityKind, KindSpec>>;
}

const str = (key: string): FieldSpec => ({ key, type: 'string' });
const num = (key: string): FieldSpec => ({ key, type: 'number' });

/** MLflow's SearchUtils._VALID_IDENTIFIERS and their alternates. */
const RUN_PREFIXES: Record<string, EntityKind> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

/** RunInfo's searchable attributes plus MLflow's alternate spellings. */
const RUN_ATTRIBUTES: Record<string, FieldSpec> = {
  run_id: str('run_id'),
  run_name: str('run_name'),
  'run name': str('run_name'),
  'Run name': str('run_name'),
  'Run Name': str('run_name'),
  status: str('status'),
  user_id: str('user_id'),
  artifact_uri: str('artifact_uri'),
  start_time: num('start_time'),
  end_time: num('end_time'),
  created: num('start_time'),
  Created: num('start_time'),
};

export const RUN_SCHEMA: SearchSchema = {
  prefixes: RUN_PREFIXES,
  filter: {
    metric: { anyKey: 'number' },
    param: { anyKey: 'string' },
    tag: { anyKey: 'string' },
    attribute: { fields: RUN_ATTRIBUTES },
    dataset: { fields: { name: str('name'), digest: str('digest'), context: str('context') } },
  },
  orderBy: {
    metric: { anyKey: 'number' },
    param: { anyKey: 'string' },
    tag: { anyKey: 'string' },
    attribute: { fields: RUN_ATTRIBUTES },
  },
};

const ATTRIBUTE_OR_TAG: Record<string, EntityKind> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  tag: 'tag',
  tags: 'tag',
};

/** MLflow's SearchExperimentsUtils. */
export const EXPERIMENT_SCHEMA: SearchSchema = {
  prefixes: ATTRIBUTE_OR_TAG,
  filter: {
    tag: { anyKey: 'string' },
    attribute: {
      fields: { name: str('name'), creation_time: num('creation_time'), last_update_time: num('last_update_time') },
    },
  },
  orderBy: {
    attribute: {
      fields: {
        name: str('name'),
        experiment_id: num('experiment_id'),
        creation_time: num('creation_time'),
        last_update_time: num('last_update_time'),
      },
    },
  },
};

const MODEL_TIMES: Record<string, FieldSpec> = {
  creation_timestamp: num('creation_timestamp'),
  timestamp: num('creation_timestamp'),
  last_updated_timestamp: num('last_updated_timestamp'),
};

/** Registered models (MLflow's SearchModelUtils, plus the timestamps as filterable numbers). */
export const MODEL_SCHEMA: SearchSchema = {
  prefixes: ATTRIBUTE_OR_TAG,
  filter: { tag: { anyKey: 'string' }, attribute: { fields: { name: str('name'), ...MODEL_TIMES } } },
  orderBy: { attribute: { fields: { name: str('name'), ...MODEL_TIMES } } },
};

/** Model versions (MLflow's SearchModelVersionUtils). */
export const MODEL_VERSION_SCHEMA: SearchSchema = {
  prefixes: ATTRIBUTE_OR_TAG,
  filter: {
    tag: { anyKey: 'string' },
    attribute: {
      fields: {
        name: str('name'),
        run_id: str('run_id'),
        source_path: str('source_path'),
        version_number: num('version_number'),
      },
    },
  },
  orderBy: {
    attribute: {
      fields: {
        name: str('name'),
        version_number: num('version_number'),
        creation_timestamp: num('creation_timestamp'),
        timestamp: num('creation_timestamp'),
        last_updated_timestamp: num('last_updated_timestamp'),
      },
    },
  },
};

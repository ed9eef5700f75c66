/**
 * Model cards and compliance documents under /api/strata/v1 (issue 14).
 *
 *   GET /api/strata/v1/models/card?name=fraud&alias=production&format=json|md|html
 *                                  &template=model-card|technical-documentation
 *
 * `version` or `alias` names the version (exactly one). `format=json` (the default) answers a
 * ModelCardWire; `md` answers text/markdown (a Hugging Face style card), `html` one
 * self-contained text/html page. The JSON follows the Model Card Toolkit schema's field names
 * (model_details, model_parameters, quantitative_analysis, considerations) and adds `strata`:
 * the records that filled it. With `template=technical-documentation` it also has
 * `technical_documentation`: the sections regulators ask of high-risk AI systems, each filled
 * from records or missing, and a completeness score. docs/model-cards.md is the user guide.
 */

export const CARD_FORMATS = ['json', 'md', 'html'] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

export const CARD_TEMPLATES = ['model-card', 'technical-documentation'] as const;
export type CardTemplate = (typeof CARD_TEMPLATES)[number];

export const CARD_CONTENT_TYPES: Record<CardFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Free text of a card comes from model-version tags (falling back to the model's tags) whose
 * key is `strata.card.<field>`; `strata.card.<field>.<suffix>` adds one more entry to list
 * fields (limitations, use cases…), ordered by key.
 */
export const CARD_TAG_PREFIX = 'strata.card.';

export const CARD_TAG_FIELDS = [
  'overview',
  'owners',
  'license',
  'references',
  'citation',
  'model_architecture',
  'input_format',
  'output_format',
  'intended_use',
  'users',
  'limitations',
  'tradeoffs',
  'ethical_considerations',
  'environmental_considerations',
  'data_governance',
  'risk_management',
  'human_oversight',
  'monitoring',
] as const;
export type CardTagField = (typeof CARD_TAG_FIELDS)[number];

export interface ModelCardRequest {
  name: string;
  /** A version number; or `alias`. */
  version?: number | string;
  alias?: string;
  format?: CardFormat;
  template?: CardTemplate;
}

// ------------------------------------------------------------------ Model Card Toolkit fields

export interface CardDescriptionWire {
  description: string;
}

export interface CardVersionWire {
  /** The version number, as text. */
  name: string;
  /** ISO 8601 (UTC) of the version's creation. */
  date: string;
  /** What changed since the previous version holder, in words (source run, alias moves). */
  diff: string;
}

export interface ModelDetailsWire {
  name: string;
  overview: string;
  version: CardVersionWire;
  owners: { name: string; contact: string }[];
  references: { reference: string }[];
  licenses: { custom_text: string }[];
  citations: { citation: string }[];
  /** `models:/NAME/VERSION`. */
  path: string;
}

export interface CardDatasetWire {
  name: string;
  /** Where the data came from (the dataset's source). */
  link: string;
  digest: string;
  /** training, validation… (`mlflow.data.context`), when logged. */
  context: string;
  source_type: string;
  /** The dataset registry's versions with this digest (`strata data register`), oldest first. */
  registered_versions: { name: string; version: number }[];
}

export interface ModelParametersWire {
  model_architecture: string;
  data: CardDatasetWire[];
  input_format: string;
  output_format: string;
}

export interface PerformanceMetricWire {
  type: string;
  /** The metric's latest value, as text ("NaN", "Infinity" included). */
  value: string;
  /** The slice a `name/slice=x` metric names; empty for the whole data set. */
  slice: string;
  confidence_interval?: { lower_bound: string; upper_bound: string };
}

export interface ConsiderationsWire {
  users: CardDescriptionWire[];
  use_cases: CardDescriptionWire[];
  limitations: CardDescriptionWire[];
  tradeoffs: CardDescriptionWire[];
  ethical_considerations: { name: string; mitigation_strategy: string }[];
  environmental_considerations: CardDescriptionWire[];
}

// ------------------------------------------------------------------ Strata's records

export interface CardKeyValueWire {
  key: string;
  value: string;
}

export interface CardRunWire {
  run_id: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time?: number;
  params: CardKeyValueWire[];
  metrics: { key: string; value: string; step: number; timestamp: number }[];
  tags: CardKeyValueWire[];
}

export interface CardEnvironmentWire {
  python_version?: string;
  node_version?: string;
  mlflow_version?: string;
  /** Each file found in the model's folder (MLmodel, requirements.txt, conda.yaml, python_env.yaml), cut at 64 KiB. */
  files: { path: string; content: string; truncated: boolean }[];
  /** Packages from requirements.txt / conda.yaml, one line each. */
  dependencies: string[];
}

export interface CardLineageWire {
  datasets: CardDatasetWire[];
  /** The source run's ancestors through `mlflow.parentRunId`, nearest first. */
  parent_runs: { run_id: string; run_name: string; missing: boolean }[];
  git_commit?: string;
  git_repo_url?: string;
  source_name?: string;
  source_type?: string;
}

export interface CardGateWire {
  gate: string;
  result_id: string;
  status: string;
  /** `version`: recorded for this version; `run`: against its source run alone (used when the version has none). */
  scope: 'version' | 'run';
  spec_hash: string;
  /** False when the gate has since run with another spec on a version of the model: promotion treats the result as stale. */
  current_spec: boolean;
  run_id: string;
  ran_by: string;
  ci_job_url?: string;
  created_time: number;
  rules: { rule: string; status: string; value: string; threshold?: string; champion_value?: string; message: string }[];
}

export interface CardApprovalWire {
  request_id: string;
  alias: string;
  state: string;
  requested_by: string;
  reason: string;
  created_time: number;
  decided_time?: number;
  /** Who closed it: an approver, the requester, `policy:auto` (an auto rule), `strata` (expiry). */
  decided_by?: string;
  /** Set when the request rolled the alias back (the version the alias held). */
  rollback_of_version?: number;
  votes: { approver: string; decision: string; comment: string; time: number }[];
}

export interface CardAuditEventWire {
  time: number;
  actor: string;
  action: string;
  /** `audit` (the audit log) or `registry` (an alias move or stage transition). */
  source: 'audit' | 'registry';
  summary: string;
}

export interface CardStrataWire {
  template: CardTemplate;
  generated_time: number;
  model_uri: string;
  model: { name: string; description: string; tags: CardKeyValueWire[]; aliases: { alias: string; version: number }[] };
  version: {
    version: number;
    description: string;
    stage: string;
    status: string;
    aliases: string[];
    tags: CardKeyValueWire[];
    source: string;
    run_id?: string;
    run_link?: string;
    user_id?: string;
    creation_time: number;
  };
  run?: CardRunWire;
  /** The version's source run lies in an experiment the caller may not read: run, environment from the run, and lineage are left out. */
  run_hidden: boolean;
  environment: CardEnvironmentWire;
  lineage: CardLineageWire;
  /** The result that counts per gate (the version's newest, else its source run's), newest first; empty with `gates_recorded: false` when the server keeps none. */
  gates: CardGateWire[];
  gates_recorded: boolean;
  approvals: CardApprovalWire[];
  audit: CardAuditEventWire[];
  /** Which `strata.card.*` tags filled the free text, and from where. */
  card_tags: { key: string; value: string; from: 'version' | 'model' }[];
}

// ------------------------------------------------------------------ technical documentation

export type CardSectionStatusWire = 'filled' | 'partial' | 'missing';

export interface CardFieldWire {
  name: string;
  status: 'filled' | 'missing';
  /** What the field says, in short (filled fields). */
  value?: string;
  /** What to record to fill it (missing fields). */
  hint?: string;
}

export interface CardSectionWire {
  /** general_description, development_process, data_and_data_governance, metrics_and_validation, risk_management, human_oversight, change_log, monitoring */
  name: string;
  title: string;
  status: CardSectionStatusWire;
  fields: CardFieldWire[];
}

export interface CardCompletenessWire {
  /** Filled sections / all sections, 0 to 1. */
  score: number;
  /** Filled fields / all fields, 0 to 1. */
  field_score: number;
  sections: { name: string; status: CardSectionStatusWire; missing: string[] }[];
}

export interface TechnicalDocumentationWire {
  sections: CardSectionWire[];
}

/** The JSON answer (format=json). */
export interface ModelCardWire {
  model_details: ModelDetailsWire;
  model_parameters: ModelParametersWire;
  quantitative_analysis: { performance_metrics: PerformanceMetricWire[] };
  considerations: ConsiderationsWire;
  strata: CardStrataWire;
  /** template=technical-documentation only. */
  technical_documentation?: TechnicalDocumentationWire;
  completeness?: CardCompletenessWire;
}

export const STRATA_CARD_ENDPOINTS = {
  modelCard: { methods: ['GET'], path: '/models/card' },
} as const;

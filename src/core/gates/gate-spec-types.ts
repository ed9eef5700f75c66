/**
 * A gate spec after parsing (gate-spec.ts): every field checked, defaults filled, each rule
 * with the text and line it came from so results can point back at the YAML file.
 */

export type GateOperator = '>=' | '>' | '<=' | '<' | '==' | '!=';
export const GATE_OPERATORS: readonly GateOperator[] = ['>=', '>', '<=', '<', '==', '!='];

/** What a comparison reads from a run. */
export interface GateField {
  kind: 'metric' | 'param' | 'tag';
  key: string;
}

/** The right-hand side: a literal, or the champion's value of the same key (optionally shifted or scaled). */
export type GateBound =
  | { kind: 'value'; value: number | string }
  | { kind: 'champion'; arithmetic: { op: '+' | '-' | '*'; operand: number } | null };

interface GateRuleBase {
  /** The rule as written (an object rule in a compact one-line form). */
  text: string;
  /** 1-based line of the rule in the spec. */
  line: number;
  /** A readable name given in the spec (`name: AUC floor`); null when none. */
  name: string | null;
}

export interface CompareRule extends GateRuleBase {
  kind: 'compare';
  field: GateField;
  op: GateOperator;
  bound: GateBound;
  /** A candidate that never logged the key passes ("not logged; allowed") instead of erroring. */
  allowMissing: boolean;
}

export interface SlicesRule extends GateRuleBase {
  kind: 'slices';
  /** Metric key pattern; `*` matches any run of characters (`recall/segment=*`). */
  pattern: string;
  op: GateOperator;
  /** A number, or the champion's value of each same slice. */
  bound: GateBound;
  minSlices: number;
}

export interface ArtifactRule extends GateRuleBase {
  kind: 'artifact';
  path: string;
}

export type LineageRequirement = 'dataset' | 'git_commit' | 'clean_tree';

export interface LineageRule extends GateRuleBase {
  kind: 'lineage';
  requirement: LineageRequirement;
  /** For `dataset`: the dataset that must be among the run's inputs; null: any dataset. */
  dataset: string | null;
}

export type BootstrapMetric = 'accuracy' | 'error_rate' | 'log_loss' | 'brier' | 'mse' | 'mae';
export const BOOTSTRAP_METRICS: readonly BootstrapMetric[] = ['accuracy', 'error_rate', 'log_loss', 'brier', 'mse', 'mae'];

export interface BootstrapRule extends GateRuleBase {
  kind: 'bootstrap';
  /** Artifact path of the candidate's per-example predictions (CSV or JSONL). */
  predictions: string;
  /** The champion run's artifact path; the candidate's path unless given. */
  championPredictions: string;
  metric: BootstrapMetric;
  resamples: number;
  seed: number;
  confidence: number;
  /** The interval's lower bound of the improvement must exceed this. */
  minDelta: number;
}

export type GateRule = CompareRule | SlicesRule | ArtifactRule | LineageRule | BootstrapRule;

export interface GateChampionSpec {
  /** The alias of the candidate's model whose holder is the champion. */
  alias: string;
  /** With no holder of the alias: champion rules error (default) or pass ("no champion yet"). */
  ifMissing: 'error' | 'pass';
}

export interface GateSpec {
  name: string;
  description: string | null;
  /** The model whose alias names the champion when the gate runs against a bare run. */
  model: string | null;
  champion: GateChampionSpec | null;
  rules: GateRule[];
}

export interface ParsedGateSpec {
  spec: GateSpec;
  /** A stable JSON form of `spec` (no lines, no rule text): comments, layout and key order do not change it. */
  canonical: string;
}

/** The tag that marks a run trained from a working tree with uncommitted changes (value 'true'). */
export const GIT_DIRTY_TAG = 'strata.git.dirty';
export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';

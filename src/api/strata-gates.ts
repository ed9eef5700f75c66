/**
 * Evaluation gates under /api/strata/v1 (issue 14). A gate is a YAML spec of rules a run or a
 * model version must meet before promotion. The server evaluates it (against what it has
 * recorded, so a result cannot be forged by the client), records the result with the spec's
 * hash, who ran it and the CI job, and promotion policies require "gate G passed".
 *
 *   name: offline-eval               # the name policies refer to (conditions.gate / gates:)
 *   champion: { alias: production }  # optional: the version to compare with (same model)
 *   rules:
 *     - metrics.auc >= 0.90
 *     - metrics.auc >= champion + 0.005
 *     - metrics.latency_p95_ms <= champion * 1.10
 *     - { slices: "metrics.recall/segment=*", op: ">=", value: 0.8 }
 *     - { artifact: model/MLmodel }
 *     - { lineage: git_commit }
 *
 * The rule language and the spec's full schema are docs/ci-cd.md's; this file is the wire.
 */

export type GateStatusWire = 'passed' | 'failed' | 'error';
export type GateRuleStatusWire = 'passed' | 'failed' | 'error';

/** Where a spec problem is: 1-based line and column in the spec text. */
export interface GateSpecProblemWire {
  line: number;
  column: number;
  message: string;
}

/** One rule's outcome. Numbers that are NaN or infinite travel as null with `message` saying so. */
export interface GateRuleResultWire {
  /** The rule as written in the spec (an object rule in a compact one-line form). */
  rule: string;
  /** 1-based line of the rule in the spec. */
  line: number;
  /** threshold | champion | slices | lineage | artifact | bootstrap | param | tag */
  kind: string;
  status: GateRuleStatusWire;
  /** The candidate's value (a metric, a count, a tag's value…); null when absent or not finite. */
  value: number | string | null;
  /** The champion's value, for rules that compare with it. */
  champion_value?: number | null;
  /** The bound the value was held to, after champion arithmetic. */
  threshold?: number | null;
  /** value − champion_value, for rules that compare with it. */
  delta?: number | null;
  /** Why it passed or failed, in words. */
  message: string;
  /** Per-slice values for slice rules; the interval for bootstrap rules. */
  details?: Record<string, unknown>;
}

export interface GateChampionWire {
  name: string;
  alias: string;
  version: number;
  run_id: string | null;
}

export interface GateResultWire {
  result_id: string;
  gate: string;
  /** SHA-256 (hex) of the spec's canonical form: comments and layout do not change it. */
  spec_hash: string;
  spec: string;
  status: GateStatusWire;
  run_id: string;
  /** Set when the gate ran against a model version (directly or by alias). */
  model_name?: string;
  version?: number;
  champion?: GateChampionWire;
  rules: GateRuleResultWire[];
  ran_by: string;
  /** The CI job that ran it, from the client's environment (GITHUB_*, CI_JOB_URL…). */
  ci_job_url?: string;
  /** Commit, ref, pipeline id… as the CI environment told the client. */
  ci?: Record<string, string>;
  created_time: number;
  /** Whether it is recorded (false for `dry_run`). */
  recorded: boolean;
}

/** `POST /api/strata/v1/gates/evaluate`: exactly one of run_id and model_uri. */
export interface EvaluateGateRequest {
  /** The spec's YAML text. */
  spec: string;
  run_id?: string;
  /** models:/NAME/VERSION or models:/NAME@ALIAS */
  model_uri?: string;
  ci_job_url?: string;
  ci?: Record<string, string>;
  /** Evaluate without recording (nothing is stored, no audit event). */
  dry_run?: boolean;
}

export interface EvaluateGateResponse {
  result: GateResultWire;
}

/** `GET /api/strata/v1/gates/results`: newest first; filter by run, or by model (and version), and gate. */
export interface ListGateResultsRequest {
  run_id?: string;
  name?: string;
  version?: number;
  gate?: string;
  max_results?: number;
}

export interface ListGateResultsResponse {
  results: GateResultWire[];
}

/** `GET /api/strata/v1/gates/results/get?result_id=` */
export interface GetGateResultResponse {
  result: GateResultWire;
}

/** The body of a 400 for a spec that does not parse or validate: every problem, with its place. */
export interface GateSpecErrorDetails {
  problems: GateSpecProblemWire[];
}

export const MAX_GATE_SPEC_BYTES = 256 * 1024;
export const MAX_GATE_RESULTS_PER_PAGE = 1000;

/** Gate endpoints under /api/strata/v1, by name (the server's route table and the SDK share it). */
export const STRATA_GATE_ENDPOINTS = {
  evaluateGate: { methods: ['POST'], path: '/gates/evaluate' },
  listGateResults: { methods: ['GET'], path: '/gates/results' },
  getGateResult: { methods: ['GET'], path: '/gates/results/get' },
} as const;

/**
 * Gate results as the domain keeps them (wire shapes: src/api/strata-gates.ts). The spec
 * language and its evaluator live beside this file: gate-spec.ts parses YAML into a GateSpec
 * with every problem's line and column; evaluate-gate.ts holds a GateSpec against GateData.
 */

export type GateStatus = 'passed' | 'failed' | 'error';

export interface GateRuleResult {
  rule: string;
  line: number;
  kind: string;
  status: GateStatus;
  /** NaN and infinities are kept here; the mapper sends them as null. */
  value: number | string | null;
  championValue?: number | null;
  threshold?: number | null;
  delta?: number | null;
  message: string;
  details?: Record<string, unknown>;
}

export interface GateChampion {
  modelName: string;
  alias: string;
  version: number;
  runId: string | null;
}

export interface GateResult {
  resultId: string;
  gate: string;
  specHash: string;
  specText: string;
  status: GateStatus;
  runId: string;
  modelName: string | null;
  version: number | null;
  champion: GateChampion | null;
  rules: GateRuleResult[];
  ranBy: string;
  ciJobUrl: string | null;
  ci: Record<string, string>;
  createdTime: number;
}

/** What the evaluator reads about one run (the candidate's or the champion's source run). */
export interface GateSubject {
  runId: string;
  modelVersion: { name: string; version: number } | null;
  /** Latest value of every metric the run logged, by key; NaN stays NaN. */
  metrics: ReadonlyMap<string, number>;
  params: ReadonlyMap<string, string>;
  tags: ReadonlyMap<string, string>;
  /** The run's dataset inputs. */
  datasets: readonly { name: string; digest: string; context: string | null }[];
}

/**
 * Everything a gate may look at, gathered by the gate service from the stores. Artifact reads
 * are lazy: only rules that name an artifact touch the artifact store.
 */
export interface GateData {
  candidate: GateSubject;
  /** Resolved from the spec's champion (an alias of the candidate's model); null when none is named. */
  champion: GateSubject | null;
  /** The champion as a record, when one was resolved. */
  championRef: GateChampion | null;
  artifactExists(runId: string, path: string): Promise<boolean>;
  /** The artifact's text; rejects with a StrataError when it is missing or too large. */
  readArtifactText(runId: string, path: string): Promise<string>;
}

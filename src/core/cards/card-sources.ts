/**
 * The records a model card is assembled from, as the model card service gathers them from the
 * stores (services/model-card-service.ts). Assembly (assemble-model-card.ts) is a pure function
 * of this, so every rule of what goes where is tested with plain data.
 */
import type { AuditEvent, Run } from '../entities.js';
import type { GateResult } from '../gates/gate-entities.js';
import type { PromotionRequest } from '../promotions/promotion-entities.js';
import type { ModelVersion, RegisteredModel, RegistryHistoryEvent } from '../registry-entities.js';

export type CardTemplateName = 'model-card' | 'technical-documentation';

/** A text file found in the model's folder (MLmodel, requirements.txt…), already cut to size. */
export interface CardFile {
  path: string;
  content: string;
  truncated: boolean;
}

/** An ancestor of the source run through `mlflow.parentRunId`; `missing` when it no longer exists. */
export interface CardParentRun {
  runId: string;
  runName: string;
  missing: boolean;
}

/**
 * Gate results as promotion reads them (promotions/recorded-evaluation-gates.ts): per gate, the
 * newest result recorded for the version, else the newest recorded against its source run alone;
 * it is current when its spec hash is that of the newest result of the gate on any version.
 */
export interface CardGateSources {
  /** Results recorded for this version, any order. */
  version: GateResult[];
  /** Results recorded against the source run alone (no model version), any order. */
  run: GateResult[];
  /** The newest result of each gate on any version of the model: its current spec. */
  model: GateResult[];
}

export interface CardSources {
  template: CardTemplateName;
  generatedTime: number;
  model: RegisteredModel;
  version: ModelVersion;
  /** The source run; undefined when the version names none, it was removed, or the caller may not read it. */
  run: Run | undefined;
  /** The source run exists but lies in an experiment the caller may not read: the card leaves it out. */
  runHidden: boolean;
  parentRuns: CardParentRun[];
  /** Registered dataset versions whose digest the source run logged as an input. */
  datasetVersions: { digest: string; name: string; version: number }[];
  /** Files of the model's folder that exist, in CARD_ENVIRONMENT_FILES order. */
  files: CardFile[];
  /** Undefined when the server keeps no gate results (the gate repository is absent). */
  gates: CardGateSources | undefined;
  /** Promotion requests for this version, newest first. */
  promotions: PromotionRequest[];
  /** Audit events whose entity is this version, oldest first. */
  audit: AuditEvent[];
  /** Alias moves and stage transitions of the model that involve this version, oldest first. */
  history: RegistryHistoryEvent[];
}

/** What the service looks for in the model's folder, in this order. */
export const CARD_ENVIRONMENT_FILES = ['MLmodel', 'requirements.txt', 'conda.yaml', 'python_env.yaml'] as const;

/** Each file is cut at this many bytes: a card is a summary, not an archive. */
export const MAX_CARD_FILE_CHARS = 64 * 1024;

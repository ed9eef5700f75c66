/**
 * A model card as the domain builds it: the Model Card Toolkit's fields in camelCase, plus
 * `strata` (the records that filled it) and, for the technical-documentation template, its
 * sections and completeness. The server's mapper turns the keys to snake_case for the wire
 * (src/api/strata-cards.ts); the Markdown and HTML renderers read this directly. Nothing here
 * is keyed by user text (tags and params are {key, value} lists), so the key mapping is safe.
 */
import type { CardTemplateName } from './card-sources.js';

export interface CardDescription {
  description: string;
}

export interface CardKeyValue {
  key: string;
  value: string;
}

export interface CardDataset {
  name: string;
  link: string;
  digest: string;
  context: string;
  sourceType: string;
  /** The dataset registry's versions with this digest (`strata data register`), oldest first. */
  registeredVersions: { name: string; version: number }[];
}

export interface PerformanceMetric {
  type: string;
  value: string;
  slice: string;
  confidenceInterval?: { lowerBound: string; upperBound: string };
}

export interface CardGate {
  gate: string;
  resultId: string;
  status: string;
  /** `version`: recorded for this version; `run`: against its source run alone. */
  scope: 'version' | 'run';
  specHash: string;
  /** False when the gate has since run with another spec on a version of the model: the result is stale. */
  currentSpec: boolean;
  runId: string;
  ranBy: string;
  ciJobUrl?: string;
  createdTime: number;
  rules: { rule: string; status: string; value: string; threshold?: string; championValue?: string; message: string }[];
}

export interface CardApproval {
  requestId: string;
  alias: string;
  state: string;
  requestedBy: string;
  reason: string;
  createdTime: number;
  decidedTime?: number;
  /** Who closed it: an approver, the requester, `policy:auto`, `strata` (expiry). */
  decidedBy?: string;
  /** Set when the request rolled the alias back from this version. */
  rollbackOfVersion?: number;
  votes: { approver: string; decision: string; comment: string; time: number }[];
}

export interface CardAuditEntry {
  time: number;
  actor: string;
  action: string;
  source: 'audit' | 'registry';
  summary: string;
}

export interface CardRun {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: string;
  startTime: number;
  endTime?: number;
  params: CardKeyValue[];
  metrics: { key: string; value: string; step: number; timestamp: number }[];
  tags: CardKeyValue[];
}

export interface CardEnvironment {
  pythonVersion?: string;
  nodeVersion?: string;
  mlflowVersion?: string;
  files: { path: string; content: string; truncated: boolean }[];
  dependencies: string[];
}

export interface CardLineage {
  datasets: CardDataset[];
  parentRuns: { runId: string; runName: string; missing: boolean }[];
  gitCommit?: string;
  gitRepoUrl?: string;
  sourceName?: string;
  sourceType?: string;
}

export interface CardStrata {
  template: CardTemplateName;
  generatedTime: number;
  modelUri: string;
  model: { name: string; description: string; tags: CardKeyValue[]; aliases: { alias: string; version: number }[] };
  version: {
    version: number;
    description: string;
    stage: string;
    status: string;
    aliases: string[];
    tags: CardKeyValue[];
    source: string;
    runId?: string;
    runLink?: string;
    userId?: string;
    creationTime: number;
  };
  run?: CardRun;
  runHidden: boolean;
  environment: CardEnvironment;
  lineage: CardLineage;
  gates: CardGate[];
  gatesRecorded: boolean;
  approvals: CardApproval[];
  audit: CardAuditEntry[];
  cardTags: { key: string; value: string; from: 'version' | 'model' }[];
}

export type SectionStatus = 'filled' | 'partial' | 'missing';

export interface CardField {
  name: string;
  status: 'filled' | 'missing';
  value?: string;
  hint?: string;
}

export interface CardSection {
  name: string;
  title: string;
  status: SectionStatus;
  fields: CardField[];
}

export interface CardCompleteness {
  score: number;
  fieldScore: number;
  sections: { name: string; status: SectionStatus; missing: string[] }[];
}

export interface ModelCard {
  modelDetails: {
    name: string;
    overview: string;
    version: { name: string; date: string; diff: string };
    owners: { name: string; contact: string }[];
    references: { reference: string }[];
    licenses: { customText: string }[];
    citations: { citation: string }[];
    path: string;
  };
  modelParameters: {
    modelArchitecture: string;
    data: CardDataset[];
    inputFormat: string;
    outputFormat: string;
  };
  quantitativeAnalysis: { performanceMetrics: PerformanceMetric[] };
  considerations: {
    users: CardDescription[];
    useCases: CardDescription[];
    limitations: CardDescription[];
    tradeoffs: CardDescription[];
    ethicalConsiderations: { name: string; mitigationStrategy: string }[];
    environmentalConsiderations: CardDescription[];
  };
  strata: CardStrata;
  technicalDocumentation?: { sections: CardSection[] };
  completeness?: CardCompleteness;
}

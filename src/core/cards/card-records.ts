/**
 * The `strata` block's records, each from one source: gates (the result that counts per gate), approvals
 * (promotion requests and their votes), the audit trail (audit events of the version and its
 * alias moves and stage transitions, merged by time) and the source run's lineage.
 */
import type { AuditEvent, Run } from '../entities.js';
import type { GateResult } from '../gates/gate-entities.js';
import { GIT_COMMIT_TAG, SOURCE_NAME_TAG } from '../lineage/lineage-graph.js';
import type { PromotionJustification, PromotionRequest } from '../promotions/promotion-entities.js';
import type { RegistryHistoryEvent } from '../registry-entities.js';
import type { CardGateSources, CardParentRun, CardSources } from './card-sources.js';
import type { CardApproval, CardAuditEntry, CardDataset, CardGate, CardLineage } from './model-card.js';

const REPO_URL_TAG = 'mlflow.source.git.repoURL';
const SOURCE_TYPE_TAG = 'mlflow.source.type';
const CONTEXT_TAG = 'mlflow.data.context';

/** NaN and infinities as text, as MLflow writes them. */
export function numberText(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

export function datasetsOf(run: Run | undefined, registered: CardSources['datasetVersions']): CardDataset[] {
  return (run?.inputs.datasetInputs ?? []).map((input) => ({
    name: input.dataset.name,
    link: input.dataset.source,
    digest: input.dataset.digest,
    context: input.tags.find((tag) => tag.key === CONTEXT_TAG)?.value ?? '',
    sourceType: input.dataset.sourceType,
    registeredVersions: registered
      .filter((entry) => entry.digest === input.dataset.digest)
      .map((entry) => ({ name: entry.name, version: entry.version }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version)),
  }));
}

export function lineageOf(run: Run | undefined, parentRuns: readonly CardParentRun[], registered: CardSources['datasetVersions']): CardLineage {
  const tags = new Map((run?.data.tags ?? []).map((tag) => [tag.key, tag.value]));
  const lineage: CardLineage = { datasets: datasetsOf(run, registered), parentRuns: parentRuns.map((parent) => ({ ...parent })) };
  const commit = tags.get(GIT_COMMIT_TAG);
  const repo = tags.get(REPO_URL_TAG);
  const sourceName = tags.get(SOURCE_NAME_TAG);
  const sourceType = tags.get(SOURCE_TYPE_TAG);
  if (commit) lineage.gitCommit = commit;
  if (repo) lineage.gitRepoUrl = repo;
  if (sourceName) lineage.sourceName = sourceName;
  if (sourceType) lineage.sourceType = sourceType;
  return lineage;
}

const newestFirst = (results: readonly GateResult[]): GateResult[] => [...results].sort((a, b) => b.createdTime - a.createdTime);

/** The newest result of each gate in `results`, by gate name. */
function newestByGate(results: readonly GateResult[]): Map<string, GateResult> {
  const newest = new Map<string, GateResult>();
  for (const result of newestFirst(results)) if (!newest.has(result.gate)) newest.set(result.gate, result);
  return newest;
}

function cardGate(result: GateResult, scope: CardGate['scope'], current: GateResult | undefined): CardGate {
  const gate: CardGate = {
    gate: result.gate, resultId: result.resultId, status: result.status, scope, specHash: result.specHash,
    currentSpec: current === undefined || current.specHash === result.specHash,
    runId: result.runId, ranBy: result.ranBy, createdTime: result.createdTime,
    rules: result.rules.map((rule) => {
      const out: CardGate['rules'][number] = { rule: rule.rule, status: rule.status, value: numberText(rule.value), message: rule.message };
      if (rule.threshold !== undefined && rule.threshold !== null) out.threshold = numberText(rule.threshold);
      if (rule.championValue !== undefined && rule.championValue !== null) out.championValue = numberText(rule.championValue);
      return out;
    }),
  };
  if (result.ciJobUrl) gate.ciJobUrl = result.ciJobUrl;
  return gate;
}

/**
 * The result that counts for each gate, as promotion reads it: the version's newest, else the
 * newest against its source run alone; stale when the model's newest result of the gate has
 * another spec hash. Newest first.
 */
export function latestGates(sources: CardGateSources): CardGate[] {
  const ofVersion = newestByGate(sources.version);
  const ofRun = newestByGate(sources.run.filter((result) => result.modelName === null));
  const current = newestByGate(sources.model);
  const chosen: [GateResult, CardGate['scope']][] = [
    ...[...ofVersion.values()].map((result): [GateResult, CardGate['scope']] => [result, 'version']),
    ...[...ofRun.values()].filter((result) => !ofVersion.has(result.gate)).map((result): [GateResult, CardGate['scope']] => [result, 'run']),
  ];
  return chosen
    .sort(([a], [b]) => b.createdTime - a.createdTime)
    .map(([result, scope]) => cardGate(result, scope, current.get(result.gate)));
}

export function approvalsOf(requests: readonly PromotionRequest[]): CardApproval[] {
  return requests.map((request) => {
    const approval: CardApproval = {
      requestId: request.requestId, alias: request.alias, state: request.state, requestedBy: request.requestedBy, reason: request.reason,
      createdTime: request.createdTime, votes: request.votes.map((vote) => ({ ...vote })),
    };
    if (request.decidedTime !== null) approval.decidedTime = request.decidedTime;
    if (request.decidedBy) approval.decidedBy = request.decidedBy;
    if (request.rollbackOfVersion !== null) approval.rollbackOfVersion = request.rollbackOfVersion;
    return approval;
  });
}

const MAX_SUMMARY_CHARS = 300;

function auditSummary(event: AuditEvent): string {
  const text = JSON.stringify(event.summary);
  const plain = text === '{}' ? '' : text;
  return plain.length > MAX_SUMMARY_CHARS ? `${plain.slice(0, MAX_SUMMARY_CHARS - 1)}…` : plain;
}

/** What a promotion recorded as its justification, in one line. */
function justificationText(justification: PromotionJustification | undefined): string {
  if (!justification) return '';
  const parts = [
    justification.commit ? `commit ${justification.commit}` : '',
    ...justification.datasets.map((d) => `dataset ${d.name}${d.context ? ` (${d.context})` : ''}`),
    ...justification.gates.map((g) => `gate ${g.gate} ${g.status}${g.resultId ? ` (result ${g.resultId})` : ''}`),
    justification.approvers.length > 0 ? `approved by ${justification.approvers.map((a) => a.approver).join(', ')}` : '',
    justification.rollbackOfVersion !== undefined ? `rollback from version ${justification.rollbackOfVersion}` : '',
    justification.reason ? `reason: ${justification.reason}` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? '' : `; justified by: ${parts.join(', ')}`;
}

function historySummary(event: RegistryHistoryEvent): string {
  return moveSummary(event) + justificationText(event.justification);
}

function moveSummary(event: RegistryHistoryEvent): string {
  const request = event.requestId ? ` (promotion request ${event.requestId})` : '';
  switch (event.kind) {
    case 'alias_set':
      return `alias ${event.alias ?? ''} set to version ${event.version}${request}`;
    case 'alias_moved':
      return `alias ${event.alias ?? ''} moved from version ${event.previousVersion ?? '?'} to version ${event.version}${request}`;
    case 'alias_deleted':
      return `alias ${event.alias ?? ''} removed from version ${event.version}`;
    case 'stage_transition':
      return `stage ${event.previousStage ?? 'None'} → ${event.stage ?? 'None'} (version ${event.version})`;
  }
}

/** Audit events and registry history, oldest first (audit before history at the same instant). */
export function auditTrailOf(events: readonly AuditEvent[], history: readonly RegistryHistoryEvent[]): CardAuditEntry[] {
  const entries: CardAuditEntry[] = [
    ...events.map((event) => ({ time: event.time, actor: event.actor, action: event.action, source: 'audit' as const, summary: auditSummary(event) })),
    ...history.map((event) => ({ time: event.time, actor: event.actor, action: event.kind, source: 'registry' as const, summary: historySummary(event) })),
  ];
  return entries.sort((a, b) => a.time - b.time || (a.source === b.source ? 0 : a.source === 'audit' ? -1 : 1));
}

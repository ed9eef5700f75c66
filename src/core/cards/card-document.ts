/**
 * A card as a list of plain blocks (headings, paragraphs, facts, tables, code, field checks),
 * built once from the ModelCard and written out by render-markdown.ts and render-html.ts. All
 * text here is raw user text: each renderer escapes every string it writes, in one place.
 */
import type { CardField, ModelCard, SectionStatus } from './model-card.js';

export type CardBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; status?: SectionStatus }
  | { kind: 'paragraph'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'code'; text: string }
  | { kind: 'fields'; fields: CardField[] };

export interface CardDocument {
  title: string;
  blocks: CardBlock[];
}

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const h = (level: 1 | 2 | 3, text: string, status?: SectionStatus): CardBlock => (status ? { kind: 'heading', level, text, status } : { kind: 'heading', level, text });
const note = (text: string): CardBlock => ({ kind: 'note', text });
const paragraphs = (texts: readonly string[], none: string): CardBlock[] => (texts.length === 0 ? [note(none)] : texts.map((text) => ({ kind: 'paragraph', text })));
/**
 * A number as a reader wants it in a document: 6 significant digits (0.853659, not
 * 0.8536590964194792). The JSON card keeps the full value; text that is not a number is left as is.
 */
export function readableNumber(text: string): string {
  if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text)) return text;
  const value = Number(text);
  return Number.isInteger(value) ? text : String(Number(value.toPrecision(6)));
}

const table = (head: string[], rows: string[][], none: string): CardBlock => (rows.length === 0 ? note(none) : { kind: 'table', head, rows });

function detailsBlocks(card: ModelCard): CardBlock[] {
  const { modelDetails: details, modelParameters: parameters, strata } = card;
  const rows: [string, string][] = [
    ['Model', details.name],
    ['Version', details.version.name],
    ['Registered', details.version.date],
    ['Stage', strata.version.stage],
    ['Aliases', strata.version.aliases.join(', ')],
    ['Owners', details.owners.map((owner) => owner.name).join(', ')],
    ['License', details.licenses.map((license) => license.customText).join('; ')],
    ['Architecture', parameters.modelArchitecture],
    ['Input format', parameters.inputFormat],
    ['Output format', parameters.outputFormat],
    ['Source', strata.version.source],
    ['Source run', strata.run ? `${strata.run.runName} (${strata.run.runId})` : ''],
    ['Changes', details.version.diff],
  ];
  const blocks: CardBlock[] = [{ kind: 'facts', rows: rows.filter(([, value]) => value !== '') }];
  if (details.references.length > 0) blocks.push(h(3, 'References'), { kind: 'list', items: details.references.map((ref) => ref.reference) });
  if (details.citations.length > 0) blocks.push(h(3, 'Citation'), ...details.citations.map((c): CardBlock => ({ kind: 'code', text: c.citation })));
  if (strata.version.tags.length > 0) blocks.push(h(3, 'Version tags'), table(['Tag', 'Value'], strata.version.tags.map((t) => [t.key, t.value]), ''));
  return blocks;
}

function dataBlocks(card: ModelCard): CardBlock[] {
  const { lineage } = card.strata;
  const facts: [string, string][] = [
    ['Code commit', lineage.gitCommit ?? ''],
    ['Repository', lineage.gitRepoUrl ?? ''],
    ['Source name', lineage.sourceName ?? ''],
    ['Parent runs', lineage.parentRuns.map((run) => `${run.runName || run.runId} (${run.runId})${run.missing ? ' [missing]' : ''}`).join(' ← ')],
  ];
  const kept = facts.filter(([, value]) => value !== '');
  return [
    table(
      ['Dataset', 'Context', 'Registered as', 'Digest', 'Source'],
      lineage.datasets.map((d) => [d.name, d.context, d.registeredVersions.map((v) => `${v.name} v${v.version}`).join(', '), d.digest, d.link]),
      'No dataset logged as an input of the source run.',
    ),
    ...(kept.length > 0 ? [{ kind: 'facts', rows: kept } as CardBlock] : []),
  ];
}

function metricBlocks(card: ModelCard): CardBlock[] {
  const metrics = card.quantitativeAnalysis.performanceMetrics;
  return [table(['Metric', 'Slice', 'Value'], metrics.map((m) => [m.type, m.slice || 'all', readableNumber(m.value)]), 'No metrics logged on the source run.')];
}

function parameterBlocks(card: ModelCard): CardBlock[] {
  const params = card.strata.run?.params ?? [];
  return params.length === 0 ? [] : [h(3, 'Parameters'), table(['Parameter', 'Value'], params.map((p) => [p.key, p.value]), '')];
}

function environmentBlocks(card: ModelCard): CardBlock[] {
  const env = card.strata.environment;
  const rows: [string, string][] = [
    ['Python', env.pythonVersion ?? ''], ['Node', env.nodeVersion ?? ''], ['MLflow', env.mlflowVersion ?? ''],
    ['Files read', env.files.map((file) => `${file.path}${file.truncated ? ' (first 64 KiB)' : ''}`).join(', ')],
  ];
  const kept = rows.filter(([, value]) => value !== '');
  const blocks: CardBlock[] = kept.length > 0 ? [{ kind: 'facts', rows: kept }] : [];
  if (env.dependencies.length > 0) blocks.push(h(3, 'Dependencies'), { kind: 'list', items: env.dependencies });
  else blocks.push(note('No dependencies recorded (requirements.txt, conda.yaml or python_env.yaml in the model folder).'));
  if (!env.pythonVersion && !env.nodeVersion) blocks.push(note('No runtime version recorded (MLmodel python_version, python_env.yaml, or the run tags python_version / node_version).'));
  return blocks;
}

function limitationBlocks(card: ModelCard): CardBlock[] {
  const { considerations: c } = card;
  const blocks = paragraphs(c.limitations.map((l) => l.description), 'No limitations recorded (tag strata.card.limitations).');
  if (c.tradeoffs.length > 0) blocks.push(h(3, 'Trade-offs'), ...paragraphs(c.tradeoffs.map((t) => t.description), ''));
  if (c.ethicalConsiderations.length > 0) blocks.push(h(3, 'Ethical considerations'), ...paragraphs(c.ethicalConsiderations.map((e) => e.name), ''));
  if (c.environmentalConsiderations.length > 0) blocks.push(h(3, 'Environmental considerations'), ...paragraphs(c.environmentalConsiderations.map((e) => e.description), ''));
  return blocks;
}

function gateBlocks(card: ModelCard): CardBlock[] {
  const { gates, gatesRecorded } = card.strata;
  if (gates.length === 0) return [note(gatesRecorded ? 'Evaluation gates: none recorded for this version.' : 'Evaluation gates: none recorded (this server keeps no gate results).')];
  return gates.flatMap((gate): CardBlock[] => [
    h(3, `Gate ${gate.gate}: ${gate.status}${gate.currentSpec ? '' : ' (stale: the gate has since run with another spec)'}`),
    { kind: 'facts', rows: [
      ['Recorded for', gate.scope === 'version' ? 'this version' : `its source run ${gate.runId}`],
      ['Spec hash', gate.specHash], ['Ran by', gate.ranBy], ['When', iso(gate.createdTime)], ['Run', gate.runId],
      ...(gate.ciJobUrl ? [['CI job', gate.ciJobUrl] as [string, string]] : []),
    ] },
    table(['Rule', 'Status', 'Value', 'Threshold', 'Message'], gate.rules.map((r) => [r.rule, r.status, readableNumber(r.value), readableNumber(r.threshold ?? ''), r.message]), 'No rules.'),
  ]);
}

function approvalBlocks(card: ModelCard): CardBlock[] {
  const { approvals } = card.strata;
  if (approvals.length === 0) return [note('Approvals: no promotion request for this version.')];
  return approvals.flatMap((request): CardBlock[] => [
    h(3, `Promotion to @${request.alias}: ${request.state}`),
    { kind: 'facts', rows: [['Requested by', request.requestedBy], ['Reason', request.reason], ['Requested', iso(request.createdTime)], ['Decided', iso(request.decidedTime)], ['Decided by', request.decidedBy ?? ''], ['Rollback of version', request.rollbackOfVersion === undefined ? '' : String(request.rollbackOfVersion)]].filter(([, v]) => v !== '') as [string, string][] },
    table(['Approver', 'Decision', 'Comment', 'Time'], request.votes.map((v) => [v.approver, v.decision, v.comment, iso(v.time)]), request.state === 'pending' ? 'No votes yet.' : 'No votes.'),
  ]);
}

function auditBlocks(card: ModelCard): CardBlock[] {
  return [table(['Time', 'Actor', 'Action', 'Details'], card.strata.audit.map((e) => [iso(e.time), e.actor, e.action, e.summary]), 'No audit events recorded for this version.')];
}

function usageBlocks(card: ModelCard): CardBlock[] {
  return [
    { kind: 'paragraph', text: 'Load this exact version by its URI:' },
    { kind: 'code', text: card.strata.modelUri },
    ...(card.strata.version.aliases.length > 0 ? [{ kind: 'paragraph', text: `or through its aliases: ${card.strata.version.aliases.map((a) => `models:/${card.modelDetails.name}@${a}`).join(', ')}` } as CardBlock] : []),
  ];
}

function modelCardBlocks(card: ModelCard): CardBlock[] {
  const c = card.considerations;
  return [
    h(1, `${card.modelDetails.name} (version ${card.modelDetails.version.name})`),
    ...paragraphs(card.modelDetails.overview ? [card.modelDetails.overview] : [], 'No overview recorded (tag strata.card.overview or the version description).'),
    h(2, 'Model details'), ...detailsBlocks(card),
    h(2, 'Intended use'),
    ...paragraphs(c.useCases.map((u) => u.description), 'No intended use recorded (tag strata.card.intended_use).'),
    ...(c.users.length > 0 ? [h(3, 'Users'), ...paragraphs(c.users.map((u) => u.description), '')] : []),
    h(2, 'Training data'), ...dataBlocks(card),
    h(2, 'Evaluation'), ...metricBlocks(card), ...parameterBlocks(card),
    h(2, 'Environment'), ...environmentBlocks(card),
    h(2, 'Limitations'), ...limitationBlocks(card),
    h(2, 'Approvals & gates'), ...gateBlocks(card), ...approvalBlocks(card),
    h(2, 'Audit trail'), ...auditBlocks(card),
    h(2, 'How to use'), ...usageBlocks(card),
  ];
}

/** Records shown under a technical-documentation section, after its field checks. */
function sectionRecords(card: ModelCard, section: string): CardBlock[] {
  switch (section) {
    case 'general_description': return detailsBlocks(card);
    case 'development_process': return [...environmentBlocks(card), ...parameterBlocks(card)];
    case 'data_and_data_governance': return dataBlocks(card);
    case 'metrics_and_validation': return [...metricBlocks(card), ...gateBlocks(card)];
    case 'human_oversight': return approvalBlocks(card);
    case 'change_log': return auditBlocks(card);
    default: return [];
  }
}

function technicalBlocks(card: ModelCard): CardBlock[] {
  const sections = card.technicalDocumentation?.sections ?? [];
  const completeness = card.completeness;
  const filled = sections.filter((s) => s.status === 'filled').length;
  const fields = sections.flatMap((s) => s.fields);
  const summary = completeness
    ? `Completeness: ${filled} of ${sections.length} sections filled (score ${completeness.score}), ${fields.filter((f) => f.status === 'filled').length} of ${fields.length} fields (score ${completeness.fieldScore}).`
    : '';
  return [
    h(1, `Technical documentation: ${card.modelDetails.name} (version ${card.modelDetails.version.name})`),
    { kind: 'paragraph', text: summary },
    table(['Section', 'Status', 'Missing'], sections.map((s) => [s.title, s.status, s.fields.filter((f) => f.status === 'missing').map((f) => f.name).join(', ')]), ''),
    ...sections.flatMap((section, index): CardBlock[] => [
      h(2, `${index + 1}. ${section.title}`, section.status),
      { kind: 'fields', fields: section.fields },
      ...sectionRecords(card, section.name),
    ]),
    h(2, 'How to use'), ...usageBlocks(card),
  ];
}

export function cardDocument(card: ModelCard): CardDocument {
  const technical = card.strata.template === 'technical-documentation';
  const title = `${technical ? 'Technical documentation' : 'Model card'}: ${card.modelDetails.name} version ${card.modelDetails.version.name}`;
  return { title, blocks: technical ? technicalBlocks(card) : modelCardBlocks(card) };
}


/**
 * Assembles a model card from its records (card-sources.ts): a pure function, so what goes
 * where is tested with plain data. Free text comes from `strata.card.*` tags (card-tags.ts);
 * everything else from the registry, the source run, its files and the governance records.
 */
import type { Run } from '../entities.js';
import type { ModelVersion } from '../registry-entities.js';
import { CardTags } from './card-tags.js';
import { readEnvironment, readMlmodel } from './card-environment.js';
import { approvalsOf, auditTrailOf, datasetsOf, latestGates, lineageOf, numberText } from './card-records.js';
import type { CardSources } from './card-sources.js';
import type { CardDescription, CardRun, CardStrata, ModelCard, PerformanceMetric } from './model-card.js';
import { technicalDocumentation } from './technical-documentation.js';

export const modelUriOf = (version: Pick<ModelVersion, 'name' | 'version'>): string => `models:/${version.name}/${version.version}`;

const describe = (entries: readonly string[]): CardDescription[] => entries.map((description) => ({ description }));

export function assembleModelCard(sources: CardSources): ModelCard {
  const { model, version, run } = sources;
  const tags = new CardTags(version.tags, model.tags);
  const mlmodel = readMlmodel(sources.files);
  const strata = strataBlock(sources, tags);
  const card: ModelCard = {
    modelDetails: {
      name: model.name,
      overview: tags.text('overview') ?? version.description ?? model.description ?? '',
      version: { name: String(version.version), date: new Date(version.creationTime).toISOString(), diff: versionDiff(sources) },
      owners: ownersOf(tags, version),
      references: tags.entries('references').map((reference) => ({ reference })),
      licenses: tags.entries('license').map((customText) => ({ customText })),
      citations: tags.entries('citation').map((citation) => ({ citation })),
      path: modelUriOf(version),
    },
    modelParameters: {
      modelArchitecture: tags.text('model_architecture') ?? mlmodel.flavors.join(', '),
      data: datasetsOf(run, sources.datasetVersions),
      inputFormat: tags.text('input_format') ?? mlmodel.signatureInputs ?? '',
      outputFormat: tags.text('output_format') ?? mlmodel.signatureOutputs ?? '',
    },
    quantitativeAnalysis: { performanceMetrics: performanceMetrics(run) },
    considerations: {
      users: describe(tags.entries('users')),
      useCases: describe(tags.entries('intended_use')),
      limitations: describe(tags.entries('limitations')),
      tradeoffs: describe(tags.entries('tradeoffs')),
      ethicalConsiderations: tags.entries('ethical_considerations').map((name) => ({ name, mitigationStrategy: '' })),
      environmentalConsiderations: describe(tags.entries('environmental_considerations')),
    },
    strata,
  };
  if (sources.template === 'technical-documentation') {
    const documentation = technicalDocumentation(card, tags);
    card.technicalDocumentation = { sections: documentation.sections };
    card.completeness = documentation.completeness;
  }
  return card;
}

/** `strata.card.owners` (one owner per line or entry), else who registered the version. */
function ownersOf(tags: CardTags, version: ModelVersion): ModelCard['modelDetails']['owners'] {
  const named = tags.entries('owners').flatMap((entry) => entry.split(/\r?\n|,/)).map((owner) => owner.trim()).filter((owner) => owner !== '');
  if (named.length > 0) return named.map((name) => ({ name, contact: name.includes('@') ? name : '' }));
  return version.userId ? [{ name: version.userId, contact: '' }] : [];
}

/**
 * A metric named `metric/dimension:value` (as gate specs' slice rules match them) or
 * `metric/dimension/value` (the fraud example's `recall/channel/web`) is `metric` on the slice
 * `dimension=value`; other names are overall. Metric names cannot hold `=`.
 */
function performanceMetrics(run: Run | undefined): PerformanceMetric[] {
  const metrics = [...(run?.data.metrics ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return metrics.map((metric) => {
    const slice = sliceOf(metric.key);
    return { type: slice ? slice.metric : metric.key, value: numberText(metric.value), slice: slice ? `${slice.dimension}=${slice.value}` : '' };
  });
}

function sliceOf(key: string): { metric: string; dimension: string; value: string } | undefined {
  const parts = key.split('/');
  if (parts.some((part) => part === '')) return undefined;
  if (parts.length === 3) return { metric: parts[0]!, dimension: parts[1]!, value: parts[2]! };
  const colon = parts.length === 2 ? parts[1]!.indexOf(':') : -1;
  if (colon <= 0 || colon === parts[1]!.length - 1) return undefined;
  return { metric: parts[0]!, dimension: parts[1]!.slice(0, colon), value: parts[1]!.slice(colon + 1) };
}

function versionDiff(sources: CardSources): string {
  const { version, run, history } = sources;
  const parts = [run ? `Registered from run ${run.info.runName || run.info.runId} (${run.info.runId}).` : `Registered from ${version.source}.`];
  if (sources.runHidden) parts.push('The source run is in an experiment you may not read.');
  for (const event of history) {
    if (event.kind === 'alias_moved' && event.version === version.version) {
      parts.push(`Replaced version ${event.previousVersion ?? '?'} as @${event.alias ?? ''}.`);
    }
  }
  return parts.join(' ');
}

function runBlock(run: Run): CardRun {
  const block: CardRun = {
    runId: run.info.runId,
    runName: run.info.runName,
    experimentId: run.info.experimentId,
    userId: run.info.userId,
    status: run.info.status,
    startTime: run.info.startTime,
    params: run.data.params.map((param) => ({ key: param.key, value: param.value })),
    metrics: run.data.metrics.map((metric) => ({ key: metric.key, value: numberText(metric.value), step: metric.step, timestamp: metric.timestamp })),
    tags: run.data.tags.map((tag) => ({ key: tag.key, value: tag.value })),
  };
  if (run.info.endTime !== null) block.endTime = run.info.endTime;
  return block;
}

function strataBlock(sources: CardSources, tags: CardTags): CardStrata {
  const { model, version, run } = sources;
  const runTags = new Map((run?.data.tags ?? []).map((tag) => [tag.key, tag.value]));
  const runParams = new Map((run?.data.params ?? []).map((param) => [param.key, param.value]));
  const versionBlock: CardStrata['version'] = {
    version: version.version,
    description: version.description ?? '',
    stage: version.currentStage,
    status: version.status,
    aliases: [...version.aliases],
    tags: version.tags.map((tag) => ({ key: tag.key, value: tag.value })),
    source: version.source,
    creationTime: version.creationTime,
  };
  if (version.runId) versionBlock.runId = version.runId;
  if (version.runLink) versionBlock.runLink = version.runLink;
  if (version.userId) versionBlock.userId = version.userId;
  const strata: CardStrata = {
    template: sources.template,
    generatedTime: sources.generatedTime,
    modelUri: modelUriOf(version),
    model: {
      name: model.name,
      description: model.description ?? '',
      tags: model.tags.map((tag) => ({ key: tag.key, value: tag.value })),
      aliases: model.aliases.map((alias) => ({ ...alias })),
    },
    version: versionBlock,
    runHidden: sources.runHidden,
    environment: readEnvironment(sources.files, runTags, runParams),
    lineage: lineageOf(run, sources.parentRuns, sources.datasetVersions),
    gates: sources.gates ? latestGates(sources.gates) : [],
    gatesRecorded: sources.gates !== undefined,
    approvals: approvalsOf(sources.promotions),
    audit: auditTrailOf(sources.audit, sources.history),
    cardTags: tags.used.map((use) => ({ ...use })),
  };
  if (run) strata.run = runBlock(run);
  return strata;
}

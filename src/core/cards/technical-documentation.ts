/**
 * The technical-documentation template: the sections regulators ask of high-risk AI systems
 * (general description, development process, data and data governance, metrics and
 * validation, risk management, human oversight, change log, monitoring). Each field is filled
 * from the records or marked missing with what to record to fill it; the completeness score
 * counts filled sections and filled fields. The document tells you what is not recorded yet.
 */
import { CARD_TAG_PREFIX, type CardTagField } from '../../api/strata-cards.js';
import type { CardTags } from './card-tags.js';
import type { CardCompleteness, CardField, CardSection, ModelCard, SectionStatus } from './model-card.js';

const MAX_VALUE_CHARS = 200;

/** A field: its value when the records fill it, else the hint. */
interface FieldCheck {
  name: string;
  value: string | undefined;
  hint: string;
}

const short = (text: string): string => (text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text);
const count = (n: number, what: string, plural = `${what}s`): string | undefined => (n === 0 ? undefined : `${n} ${n === 1 ? what : plural}`);
const nonEmpty = (text: string | undefined): string | undefined => (text === undefined || text.trim() === '' ? undefined : text);

/** `transactions (training; registered as transactions v3)`, one per logged dataset. */
function datasetSummary(datasets: ModelCard['strata']['lineage']['datasets']): string | undefined {
  const parts = datasets.map((d) => {
    const notes = [d.context, d.registeredVersions.length > 0 ? `registered as ${d.registeredVersions.map((v) => `${v.name} v${v.version}`).join(', ')}` : ''].filter(Boolean);
    return notes.length > 0 ? `${d.name} (${notes.join('; ')})` : d.name;
  });
  return nonEmpty(parts.join(', '));
}

function tagField(tags: CardTags, field: CardTagField, what: string, target: string): FieldCheck {
  return { name: field, value: tags.text(field), hint: `set the tag ${CARD_TAG_PREFIX}${field} on ${target} (${what})` };
}

function sections(card: ModelCard, tags: CardTags): Array<{ name: string; title: string; checks: FieldCheck[] }> {
  const { strata } = card;
  const uri = strata.modelUri;
  const target = `${uri} (or on the model, for every version)`;
  const run = strata.run;
  const runName = run ? `run ${run.runId}` : 'the source run';
  const noRun = strata.runHidden
    ? ' (the source run is in an experiment you may not read)'
    : run === undefined ? ' (this version names no source run: register it from one, runs:/RUN_ID/model)' : '';
  const env = strata.environment;
  const envText = [env.pythonVersion && `python ${env.pythonVersion}`, env.nodeVersion && `node ${env.nodeVersion}`, env.mlflowVersion && `mlflow ${env.mlflowVersion}`,
    count(env.dependencies.length, 'dependency', 'dependencies')].filter(Boolean).join(', ');
  const reviewed = strata.approvals.filter((approval) => approval.votes.length > 0);
  return [
    { name: 'general_description', title: 'General description', checks: [
      { name: 'overview', value: nonEmpty(card.modelDetails.overview), hint: `set the tag strata.card.overview on ${target}, or give the version a description` },
      tagField(tags, 'intended_use', 'what the system is for, and what it must not be used for', target),
      { name: 'model_architecture', value: nonEmpty(card.modelParameters.modelArchitecture), hint: `set the tag strata.card.model_architecture on ${target}, or log the model with its MLmodel file` },
      { name: 'owners', value: nonEmpty(card.modelDetails.owners.map((owner) => owner.name).join(', ')), hint: `set the tag strata.card.owners on ${target}` },
    ] },
    { name: 'development_process', title: 'Development process', checks: [
      { name: 'source_run', value: run && `${run.runName || run.runId} (${run.runId})`, hint: strata.runHidden ? 'the source run is in an experiment you may not read' : 'register the version from a run: runs:/RUN_ID/model' },
      { name: 'code_version', value: strata.lineage.gitCommit, hint: `no git commit on ${runName}: set the tag mlflow.source.git.commit (MLflow sets it when training runs from a git checkout)${noRun}` },
      { name: 'parameters', value: run && count(run.params.length, 'parameter'), hint: `no parameters logged on ${runName}: log them with run.logParam / mlflow.log_param${noRun}` },
      { name: 'environment', value: nonEmpty(envText), hint: `log requirements.txt or conda.yaml with the model (mlflow.<flavor>.log_model does), or tags python_version / node_version on ${runName}` },
    ] },
    { name: 'data_and_data_governance', title: 'Data and data governance', checks: [
      { name: 'training_data', value: datasetSummary(strata.lineage.datasets), hint: `no dataset logged as input of ${runName}: log one with run.logDataset / mlflow.log_input${noRun}` },
      tagField(tags, 'data_governance', 'where the data comes from, consent, retention, quality checks, known biases', target),
    ] },
    { name: 'metrics_and_validation', title: 'Metrics and validation', checks: [
      { name: 'metrics', value: count(card.quantitativeAnalysis.performanceMetrics.length, 'metric'), hint: `no metrics logged on ${runName}: log them with run.logMetric / mlflow.log_metric${noRun}` },
      {
        name: 'evaluation_gates',
        value: nonEmpty(strata.gates.map((gate) => `${gate.gate} ${gate.status}${gate.currentSpec ? '' : ' (stale spec)'}`).join(', ')),
        hint: strata.gatesRecorded ? `no gate result recorded for ${uri}: run strata gate --model ${uri}` : 'this server records no evaluation gate results',
      },
    ] },
    { name: 'risk_management', title: 'Risk management', checks: [
      tagField(tags, 'risk_management', 'the risks identified and how they are mitigated', target),
      tagField(tags, 'limitations', 'where the model is known to fail or must not be relied on', target),
    ] },
    { name: 'human_oversight', title: 'Human oversight', checks: [
      tagField(tags, 'human_oversight', 'who reviews the outputs, and how a person can intervene or stop the system', target),
      {
        name: 'approvals',
        value: count(reviewed.length, 'reviewed promotion request'),
        hint: `no reviewed promotion of this version: protect an alias (strata models policy apply) and promote through a request (strata promote ${uri} --alias production)`,
      },
    ] },
    { name: 'change_log', title: 'Change log', checks: [
      { name: 'audit_trail', value: count(strata.audit.length, 'event'), hint: 'no audit event or alias move recorded for this version' },
      { name: 'version_description', value: nonEmpty(strata.version.description), hint: `describe what changed in this version: update the description of ${uri}` },
    ] },
    { name: 'monitoring', title: 'Monitoring', checks: [
      tagField(tags, 'monitoring', 'what is monitored in production, thresholds, who is alerted', target),
    ] },
  ];
}

function toField(check: FieldCheck): CardField {
  return check.value === undefined ? { name: check.name, status: 'missing', hint: check.hint } : { name: check.name, status: 'filled', value: short(check.value) };
}

function statusOf(fields: readonly CardField[]): SectionStatus {
  const filled = fields.filter((field) => field.status === 'filled').length;
  return filled === fields.length ? 'filled' : filled === 0 ? 'missing' : 'partial';
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

export function technicalDocumentation(card: ModelCard, tags: CardTags): { sections: CardSection[]; completeness: CardCompleteness } {
  const built: CardSection[] = sections(card, tags).map((section) => {
    const fields = section.checks.map(toField);
    return { name: section.name, title: section.title, status: statusOf(fields), fields };
  });
  const fields = built.flatMap((section) => section.fields);
  return {
    sections: built,
    completeness: {
      score: ratio(built.filter((section) => section.status === 'filled').length, built.length),
      fieldScore: ratio(fields.filter((field) => field.status === 'filled').length, fields.length),
      sections: built.map((section) => ({
        name: section.name,
        status: section.status,
        missing: section.fields.filter((field) => field.status === 'missing').map((field) => field.name),
      })),
    },
  };
}

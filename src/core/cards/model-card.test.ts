// Model cards from plain records: where each Model Card Toolkit field comes from, the
// strata.card.* tags (version over model), the environment files, the technical-documentation
// completeness, and the renderers, whose output keeps markup in user text inert.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { marked } from 'marked';
import { parse } from 'yaml';
import type { Run } from '../entities.js';
import type { GateResult } from '../gates/gate-entities.js';
import type { ModelVersion, RegisteredModel } from '../registry-entities.js';
import { assembleModelCard } from './assemble-model-card.js';
import { readableNumber } from './card-document.js';
import { escapeMarkdown, markdownFence } from './card-escape.js';
import type { CardSources } from './card-sources.js';
import { renderCardHtml } from './render-html.js';
import { renderCardMarkdown } from './render-markdown.js';

const T0 = Date.UTC(2026, 0, 15, 9, 30);

function model(overrides: Partial<RegisteredModel> = {}): RegisteredModel {
  return { name: 'fraud', creationTime: T0, lastUpdatedTime: T0, description: 'Fraud scores for card payments', tags: [], aliases: [{ alias: 'production', version: 7 }], latestVersions: [], ...overrides };
}

function version(overrides: Partial<ModelVersion> = {}): ModelVersion {
  return {
    name: 'fraud', version: 7, creationTime: T0, lastUpdatedTime: T0, userId: 'alice', currentStage: 'None', description: 'Retrained on March data',
    source: 'runs:/r1/model', runId: 'r1', runLink: null, status: 'READY', statusMessage: null, storageLocation: 'mlflow-artifacts:/1/r1/artifacts/model',
    tags: [], aliases: ['production'], ...overrides,
  };
}

function run(overrides: Partial<Run['data']> = {}): Run {
  return {
    info: { runId: 'r1', runName: 'train-lr', experimentId: '1', userId: 'alice', status: 'FINISHED', startTime: T0 - 60_000, endTime: T0 - 1000, artifactUri: 'mlflow-artifacts:/1/r1/artifacts', lifecycleStage: 'active' },
    data: {
      metrics: [
        { key: 'auc', value: 0.93, timestamp: T0, step: 3 },
        { key: 'recall/segment/retail', value: 0.81, timestamp: T0, step: 3 },
        { key: 'recall/segment:online', value: 0.79, timestamp: T0, step: 3 },
        { key: 'train/loss', value: 0.2, timestamp: T0, step: 3 },
        { key: 'loss', value: Number.NaN, timestamp: T0, step: 3 },
      ],
      params: [{ key: 'C', value: '0.5' }],
      tags: [{ key: 'mlflow.source.git.commit', value: 'abc123' }, { key: 'mlflow.parentRunId', value: 'p1' }, { key: 'node_version', value: '22.12.0' }],
      ...overrides,
    },
    inputs: { datasetInputs: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'transactions', digest: 'd1g35t', sourceType: 'strata', source: 'strata://transactions/3' } }] },
  };
}

function gateResult(overrides: Partial<GateResult>): GateResult {
  return {
    resultId: 'g', gate: 'offline-eval', specHash: 'h1', specText: '', status: 'passed', runId: 'r1', modelName: 'fraud', version: 7, champion: null,
    rules: [], ranBy: 'ci', ciJobUrl: null, ci: {}, createdTime: T0, ...overrides,
  };
}

function sources(overrides: Partial<CardSources> = {}): CardSources {
  return {
    template: 'model-card', generatedTime: T0 + 5000, model: model(), version: version(), run: run(), runHidden: false, parentRuns: [{ runId: 'p1', runName: 'sweep', missing: false }],
    datasetVersions: [{ digest: 'd1g35t', name: 'transactions', version: 3 }], files: [], gates: { version: [], run: [], model: [] }, promotions: [], audit: [], history: [], ...overrides,
  };
}

const MLMODEL = `artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
    python_version: 3.11.4
  sklearn:
    sklearn_version: 1.4.2
mlflow_version: 2.14.1
signature:
  inputs: '[{"type": "double", "name": "amount"}]'
  outputs: '[{"type": "long"}]'
`;

describe('model card assembly', () => {
  it('fills the Model Card Toolkit fields from the registry, the run and the model files', () => {
    const card = assembleModelCard(sources({
      files: [
        { path: 'MLmodel', content: MLMODEL, truncated: false },
        { path: 'requirements.txt', content: '# pinned\nscikit-learn==1.4.2\nnumpy>=1.26\n-r extra.txt\n', truncated: false },
        { path: 'conda.yaml', content: 'dependencies:\n  - python=3.11\n  - pip:\n    - mlflow==2.14.1\n', truncated: false },
      ],
    }));
    assert.equal(card.modelDetails.name, 'fraud');
    assert.equal(card.modelDetails.overview, 'Retrained on March data', 'the version description when no overview tag');
    assert.deepEqual(card.modelDetails.version, { name: '7', date: '2026-01-15T09:30:00.000Z', diff: 'Registered from run train-lr (r1).' });
    assert.deepEqual(card.modelDetails.owners, [{ name: 'alice', contact: '' }]);
    assert.equal(card.modelDetails.path, 'models:/fraud/7');
    assert.equal(card.modelParameters.modelArchitecture, 'python_function, sklearn 1.4.2');
    assert.equal(card.modelParameters.inputFormat, '[{"type": "double", "name": "amount"}]');
    assert.deepEqual(card.modelParameters.data, [{
      name: 'transactions', link: 'strata://transactions/3', digest: 'd1g35t', context: 'training', sourceType: 'strata', registeredVersions: [{ name: 'transactions', version: 3 }],
    }]);
    assert.deepEqual(card.quantitativeAnalysis.performanceMetrics, [
      { type: 'auc', value: '0.93', slice: '' },
      { type: 'loss', value: 'NaN', slice: '' },
      { type: 'recall', value: '0.81', slice: 'segment=retail' },
      { type: 'recall', value: '0.79', slice: 'segment=online' },
      { type: 'train/loss', value: '0.2', slice: '' },
    ]);
    const env = card.strata.environment;
    assert.equal(env.pythonVersion, '3.11.4');
    assert.equal(env.mlflowVersion, '2.14.1');
    assert.equal(env.nodeVersion, '22.12.0');
    assert.deepEqual(env.dependencies, ['scikit-learn==1.4.2', 'numpy>=1.26', 'python=3.11', 'mlflow==2.14.1']);
    assert.deepEqual(card.strata.lineage, {
      datasets: card.modelParameters.data, parentRuns: [{ runId: 'p1', runName: 'sweep', missing: false }], gitCommit: 'abc123',
    });
    assert.equal(card.technicalDocumentation, undefined);
  });

  it('takes free text from strata.card.* tags: version tags over model tags, suffixed keys as more entries', () => {
    const card = assembleModelCard(sources({
      model: model({ tags: [{ key: 'strata.card.limitations', value: 'model-wide limit' }, { key: 'strata.card.intended_use', value: 'Scoring card payments' }] }),
      version: version({ tags: [
        { key: 'strata.card.limitations.2', value: 'Not for wire transfers' },
        { key: 'strata.card.limitations.1', value: 'Unreliable below 10 EUR' },
        { key: 'strata.card.overview', value: 'Logistic regression on transactions' },
        { key: 'strata.card.owners', value: 'risk-team@example.com, bob' },
        { key: 'unrelated', value: 'x' },
      ] }),
    }));
    assert.equal(card.modelDetails.overview, 'Logistic regression on transactions');
    assert.deepEqual(card.considerations.limitations, [{ description: 'Unreliable below 10 EUR' }, { description: 'Not for wire transfers' }]);
    assert.deepEqual(card.considerations.useCases, [{ description: 'Scoring card payments' }]);
    assert.deepEqual(card.modelDetails.owners, [{ name: 'risk-team@example.com', contact: 'risk-team@example.com' }, { name: 'bob', contact: '' }]);
    assert.deepEqual(card.strata.cardTags.map((t) => `${t.key}<-${t.from}`), [
      'strata.card.intended_use<-model', 'strata.card.limitations.1<-version', 'strata.card.limitations.2<-version', 'strata.card.overview<-version', 'strata.card.owners<-version',
    ]);
  });

  it('lists approvals with votes, the latest result per gate, and an audit trail merged with alias moves', () => {
    const card = assembleModelCard(sources({
      promotions: [{
        requestId: 'pr1', modelName: 'fraud', version: 7, alias: 'production', reason: 'better recall', state: 'approved', requestedBy: 'bob',
        rule: { alias: 'production', auto: false, approvals: 1, approvers: { users: ['carol'], groups: [] }, allowSelfApproval: false, expiryMs: 1000, conditions: { gates: [], datasetLogged: false, gitCommit: false } },
        createdTime: T0 + 100, expiresTime: T0 + 2000, decidedTime: T0 + 300, decidedBy: 'carol', rollbackOfVersion: null, votes: [{ approver: 'carol', decision: 'approve', comment: 'ok', time: T0 + 300 }],
      }],
      gates: {
        version: [gateResult({ resultId: 'g-old', status: 'failed', createdTime: T0 + 10 }), gateResult({
          resultId: 'g-new', specHash: 'h1', createdTime: T0 + 20, ciJobUrl: 'https://ci.example/job/1',
          rules: [{ rule: 'metrics.auc >= 0.9', line: 3, kind: 'threshold', status: 'passed', value: 0.93, threshold: 0.9, message: '0.93 >= 0.9' }],
        })],
        run: [
          gateResult({ resultId: 'g-run', gate: 'fairness', modelName: null, version: null, createdTime: T0 + 5 }),
          gateResult({ resultId: 'g-other-version', gate: 'latency', version: 6, createdTime: T0 + 6 }),
          gateResult({ resultId: 'g-run-shadowed', modelName: null, version: null, createdTime: T0 + 30 }),
        ],
        model: [gateResult({ resultId: 'g-v8', specHash: 'h2', version: 8, createdTime: T0 + 40 }), gateResult({ resultId: 'g-run', gate: 'fairness', modelName: null, version: null, createdTime: T0 + 5 })],
      },
      audit: [{ eventId: 1, time: T0, actor: 'alice', action: 'create_model_version', entityType: 'model_version', entityId: 'fraud/7', summary: { source: 'runs:/r1/model' } }],
      history: [{
        eventId: 9, name: 'fraud', version: 7, kind: 'alias_moved', alias: 'production', stage: null, previousVersion: 6, previousStage: null, actor: 'carol', time: T0 + 300, requestId: 'pr1',
        justification: { commit: 'abc123', datasets: [], gates: [{ gate: 'offline-eval', resultId: 'g-new', status: 'passed' }], approvers: [{ approver: 'carol', comment: 'ok', time: T0 + 300 }], requestId: 'pr1', reason: 'better recall' },
      }],
    }));
    assert.equal(card.strata.approvals[0]?.votes[0]?.approver, 'carol');
    assert.deepEqual(card.strata.gates.map((g) => [g.gate, g.resultId, g.scope, g.status, g.currentSpec, g.rules[0]?.value, g.rules[0]?.threshold]), [
      ['offline-eval', 'g-new', 'version', 'passed', false, '0.93', '0.9'],
      ['fairness', 'g-run', 'run', 'passed', true, undefined, undefined],
    ], "the version's newest result per gate, else its bare run's; stale when the model's newest has another spec");
    assert.match(renderCardMarkdown(card), /### Gate offline-eval: passed \(stale: the gate has since run with another spec\)/);
    assert.equal(card.strata.gatesRecorded, true);
    assert.deepEqual(card.strata.audit.map((e) => `${e.source}:${e.action}`), ['audit:create_model_version', 'registry:alias_moved']);
    assert.match(card.strata.audit[1]!.summary, /^alias production moved from version 6 to version 7 \(promotion request pr1\); justified by: commit abc123, gate offline-eval passed \(result g-new\), approved by carol, reason: better recall$/);
    assert.equal(card.strata.approvals[0]?.decidedBy, 'carol');
    assert.match(card.modelDetails.version.diff, /Replaced version 6 as @production\./);
  });

  it('says when the server records no gates (gate results absent)', () => {
    const card = assembleModelCard(sources({ gates: undefined }));
    assert.equal(card.strata.gatesRecorded, false);
    assert.match(renderCardMarkdown(card), /Evaluation gates: none recorded \(this server keeps no gate results\)/);
  });
});

describe('technical documentation', () => {
  it('marks what is missing with what to record, and scores completeness', () => {
    const bare = assembleModelCard(sources({ template: 'technical-documentation', run: undefined, version: version({ runId: null, description: null }), model: model({ description: null }), parentRuns: [] }));
    const completeness = bare.completeness!;
    assert.equal(completeness.sections.length, 8);
    assert.deepEqual(completeness.sections.map((s) => s.name), [
      'general_description', 'development_process', 'data_and_data_governance', 'metrics_and_validation', 'risk_management', 'human_oversight', 'change_log', 'monitoring',
    ]);
    assert.equal(completeness.score, 0);
    const data = bare.technicalDocumentation!.sections.find((s) => s.name === 'data_and_data_governance')!;
    assert.equal(data.status, 'missing');
    assert.match(data.fields[0]!.hint!, /no dataset logged as input of the source run: log one with run\.logDataset \/ mlflow\.log_input/);

    const full = assembleModelCard(sources({
      template: 'technical-documentation',
      version: version({ tags: ['intended_use', 'data_governance', 'risk_management', 'limitations', 'human_oversight', 'monitoring', 'model_architecture'].map((f) => ({ key: `strata.card.${f}`, value: `${f} text` })) }),
      files: [{ path: 'requirements.txt', content: 'numpy\n', truncated: false }],
    }));
    const dataFull = full.technicalDocumentation!.sections.find((s) => s.name === 'data_and_data_governance')!;
    assert.equal(dataFull.status, 'filled');
    assert.match(full.technicalDocumentation!.sections.find((s) => s.name === 'metrics_and_validation')!.fields[1]!.hint!, /no gate result recorded for models:\/fraud\/7/);
    const byName = Object.fromEntries(full.completeness!.sections.map((s) => [s.name, s.status]));
    assert.deepEqual(byName, {
      general_description: 'filled', development_process: 'filled', data_and_data_governance: 'filled', metrics_and_validation: 'partial',
      risk_management: 'filled', human_oversight: 'partial', change_log: 'partial', monitoring: 'filled',
    });
    assert.equal(full.completeness!.score, 0.625);
    assert.ok(full.completeness!.fieldScore > 0.8 && full.completeness!.fieldScore < 1);
  });
});

const INJECTION = '<script>alert(1)</script> [click](javascript:alert(2)) ![x](http://evil/x.png)\n# Owned\n- item\n| a | b |\n```\n<img src=x onerror=alert(3)>';

function injected(template: CardSources['template']): CardSources {
  const tags = ['overview', 'intended_use', 'limitations', 'risk_management', 'human_oversight', 'monitoring', 'data_governance', 'owners'].map((f) => ({ key: `strata.card.${f}`, value: INJECTION }));
  return sources({
    template,
    model: model({ name: 'fraud<b>' }),
    version: version({ name: 'fraud<b>', tags: [...tags, { key: 'note', value: INJECTION }], description: INJECTION }),
    run: run({ params: [{ key: '<i>p</i>', value: INJECTION }] }),
  });
}

/** Open/close tags balance, void elements aside: enough to catch a broken page. */
function assertWellFormed(html: string): void {
  const VOID = new Set(['meta', 'br', 'img', 'hr', 'link', 'input']);
  const stack: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>/, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z0-9]+)[^>]*>/g)) {
    const [, closing, name] = match;
    const tag = name!.toLowerCase();
    if (VOID.has(tag)) continue;
    if (closing) assert.equal(stack.pop(), tag, `unbalanced </${tag}> at ${match.index}`);
    else stack.push(tag);
  }
  assert.deepEqual(stack, []);
}

describe('card renderers', () => {
  for (const template of ['model-card', 'technical-documentation'] as const) {
    it(`${template}: HTML escapes every user string and is well formed, with print CSS`, () => {
      const html = renderCardHtml(assembleModelCard(injected(template)));
      assert.ok(html.startsWith('<!DOCTYPE html>'));
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /<img/i);
      assert.doesNotMatch(html, /<b>/);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /@media print/);
      assert.match(html, /@page \{ size: A4/);
      assert.doesNotMatch(html, /\b(src|href)=["']?(https?:|\/\/)/, 'no external assets');
      assertWellFormed(html);
    });

    it(`${template}: Markdown keeps injected markup inert when rendered`, () => {
      const markdown = renderCardMarkdown(assembleModelCard(injected(template)));
      assert.ok(markdown.startsWith('---\nmodel_name: "fraud\\x3Cb\\x3E"\n'), markdown.slice(0, 80));
      const frontMatter = parse(/^---\n([\s\S]*?)\n---\n/.exec(markdown)![1]!) as Record<string, unknown>;
      assert.equal(frontMatter.model_name, 'fraud<b>', 'YAML readers get the name back');
      // The whole file, front matter included, as a renderer that does not know front matter shows it.
      const rendered = marked.parse(markdown, { async: false });
      assert.doesNotMatch(rendered, /<script/i);
      assert.doesNotMatch(rendered, /<img/i);
      assert.doesNotMatch(rendered, /href="javascript:/i);
      assert.doesNotMatch(rendered, /<h1>Owned/);
      assert.doesNotMatch(rendered, /<b>/);
      assert.match(rendered, /&lt;script&gt;/);
    });
  }

  it('writes the model card sections in Hugging Face order with model-index metrics', () => {
    const markdown = renderCardMarkdown(assembleModelCard(sources()));
    const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, ['Model details', 'Intended use', 'Training data', 'Evaluation', 'Environment', 'Limitations', 'Approvals & gates', 'Audit trail', 'How to use']);
    assert.match(markdown, /model-index:\n {2}- name: "fraud"\n/);
    assert.match(markdown, /- type: "auc"\n {12}name: "auc"\n {12}value: 0\.93/);
    assert.match(markdown, /```text\nmodels:\/fraud\/7\n```/);
  });

  it('escapes Markdown line starts and fences longer than the content', () => {
    assert.equal(escapeMarkdown('# a\n1. b\n- c'), '\\# a  \n1\\. b  \n\\- c');
    assert.equal(markdownFence('a ```` b'), '`````text\na ```` b\n`````');
  });

  it('shows metric values with 6 significant digits in documents, and leaves other text alone', () => {
    assert.equal(readableNumber('0.8536590964194792'), '0.853659');
    assert.equal(readableNumber('400'), '400');
    assert.equal(readableNumber('2.9e-7'), '2.9e-7');
    assert.equal(readableNumber('0.00028999999631196'), '0.00029');
    assert.equal(readableNumber('NaN'), 'NaN');
    assert.equal(readableNumber('present'), 'present');
  });
});

/**
 * The whole flow, as a CI pipeline would run it: Developer → Git → CI → Train → Log → Register →
 * Gate → Deploy if approved.
 *
 *   STRATA_TRACKING_URI=http://127.0.0.1:5000 npx tsx src/pipeline.ts [--workdir DIR]
 *
 * 1. Generate a seeded transactions dataset, version it with `strata data`, commit the pointer.
 * 2. Protect the `production` alias: promotion is automatic once the gate passed.
 * 3. Train the baseline, gate it (no champion yet), promote it.
 * 4. Train a better candidate (interaction features), gate it against the champion (thresholds,
 *    per-channel recall, a paired bootstrap on log loss), promote it automatically.
 * 5. Train a broken candidate (3 epochs): the gate fails, promotion is refused.
 * 6. Print the champion's model card.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRegistryClientFromEnv } from 'strata-mlops/client';
import { train, type TrainConfig, type TrainResult } from './train.js';
import { generateTransactions, toCsv } from './transactions.js';

const EXAMPLE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

export interface PipelineOptions {
  workdir: string;
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  /** Rows in the generated dataset. */
  rows?: number;
}

export interface CandidateOutcome {
  name: string;
  runId: string;
  version: number;
  gateExitCode: number;
  promoted: boolean;
}

export interface PipelineResult {
  candidates: CandidateOutcome[];
  gitCommit: string;
  card: string;
}

interface Command {
  code: number;
  stdout: string;
  stderr: string;
}

/** The `strata` CLI of this package (the one a CI job would have on its PATH after `npm ci`). */
function strataBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('strata-mlops/package.json')), 'bin', 'strata.js');
}

/** Runs a command to its end without blocking this process (a server may be running in it). */
function run(command: string, args: string[], options: PipelineOptions): Promise<Command> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.workdir, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function strata(args: string[], options: PipelineOptions, expect: number[] = [0]): Promise<Command> {
  options.log(`$ strata ${args.join(' ')}`);
  const result = await run(process.execPath, [strataBin(), ...args], options);
  if (!expect.includes(result.code)) throw new Error(`strata ${args.join(' ')} exited ${result.code}\n${result.stdout}${result.stderr}`);
  return result;
}

async function git(args: string[], options: PipelineOptions): Promise<string> {
  const result = await run('git', ['-c', 'user.name=Fraud Pipeline', '-c', 'user.email=ci@example.com', '-c', 'init.defaultBranch=main', ...args], options);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

async function gateAndPromote(name: string, trained: TrainResult, options: PipelineOptions): Promise<CandidateOutcome> {
  const uri = `models:/fraud/${trained.version}`;
  const reports = join(options.workdir, 'reports', name);
  mkdirSync(reports, { recursive: true });
  const gate = await strata(['gate', '--model', uri, '--spec', 'strata.gate.yaml', '--report-md', join(reports, 'gate.md'), '--junit', join(reports, 'junit.xml')], options, [0, 1]);
  options.log(gate.stdout.trimEnd());
  if (gate.code !== 0) {
    options.log(`${name}: the gate failed; not promoted (see ${join('reports', name, 'gate.md')})`);
    return { name, runId: trained.runId, version: trained.version, gateExitCode: gate.code, promoted: false };
  }
  const promote = await strata(['promote', uri, '--alias', 'production', '--reason', `${name}: gate offline-eval passed`], options);
  options.log(promote.stdout.trimEnd());
  return { name, runId: trained.runId, version: trained.version, gateExitCode: gate.code, promoted: true };
}

/** What the model card cannot learn from records: the owners write it once, as model tags. */
const MODEL_CARD_TAGS: Record<string, string> = {
  'strata.card.owners': 'risk-ml@example.com',
  'strata.card.intended_use': 'Scoring card transactions for fraud at authorisation time; a score above the threshold sends the payment to manual review.',
  'strata.card.users': 'The payments risk team and its review queue.',
  'strata.card.limitations': 'Trained on synthetic data; recall on ATM withdrawals is the weakest channel.',
  'strata.card.human_oversight': 'Every flagged payment is reviewed by an analyst before it is declined.',
  'strata.card.risk_management': 'False negatives cost chargebacks, false positives cost customer friction; the gate holds recall per channel.',
  'strata.card.data_governance': 'Transactions are generated from a fixed seed and versioned with strata data; no personal data is used.',
  'strata.card.monitoring': 'Weekly drift report on amount and channel; alert when recall on reviewed cases drops below 0.2.',
};

async function describeModel(options: PipelineOptions): Promise<void> {
  const registry = createRegistryClientFromEnv(options.env);
  for (const [key, value] of Object.entries(MODEL_CARD_TAGS)) await registry.setRegisteredModelTag({ name: 'fraud', key, value });
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { workdir } = options;
  mkdirSync(join(workdir, 'data'), { recursive: true });
  for (const file of ['strata.gate.yaml', 'policy.yaml']) copyFileSync(join(EXAMPLE_DIR, file), join(workdir, file));

  // 1. Developer → Git: the data is versioned, its pointer committed.
  await git(['init', '-q'], options);
  writeFileSync(join(workdir, 'data', 'transactions.csv'), toCsv(generateTransactions(options.rows ?? 40_000, 1)));
  await strata(['data', 'init'], options);
  await strata(['data', 'add', 'data/transactions.csv'], options);
  await strata(['data', 'register', 'transactions', 'data/transactions.csv'], options);
  await git(['add', '.strata', 'data/transactions.csv.strata', 'data/.gitignore', 'strata.gate.yaml', 'policy.yaml'], options);
  await git(['commit', '-q', '-m', 'Transactions dataset v1, gate and promotion policy'], options);
  const gitCommit = await git(['rev-parse', 'HEAD'], options);

  const base: Omit<TrainConfig, 'runName' | 'epochs' | 'interactions'> = {
    dataPath: 'data/transactions.csv', cwd: workdir, modelName: 'fraud', experiment: 'fraud-detection',
    learningRate: 0.5, l2: 1e-4, positiveWeight: 1, threshold: 0.2, splitSeed: 7, gitCommit, env: options.env,
  };
  const candidates: CandidateOutcome[] = [];

  // 2–3. CI → Train → Log → Register → Gate → Deploy: the baseline becomes the first champion.
  const baseline = await train({ ...base, runName: 'baseline', epochs: 150, interactions: false });
  options.log(`baseline: run ${baseline.runId}, version ${baseline.version}, auc ${baseline.metrics.auc!.toFixed(4)}`);
  await strata(['models', 'policy', 'apply', 'policy.yaml'], options);
  await describeModel(options);
  candidates.push(await gateAndPromote('baseline', baseline, options));

  // 4. A better model: interaction features. Gated against the champion, promoted automatically.
  const improved = await train({ ...base, runName: 'interactions', epochs: 400, interactions: true });
  options.log(`interactions: run ${improved.runId}, version ${improved.version}, auc ${improved.metrics.auc!.toFixed(4)}`);
  candidates.push(await gateAndPromote('interactions', improved, options));

  // 5. A broken candidate: undertrained. The gate fails and production keeps the champion.
  const broken = await train({ ...base, runName: 'undertrained', epochs: 3, interactions: true });
  options.log(`undertrained: run ${broken.runId}, version ${broken.version}, auc ${broken.metrics.auc!.toFixed(4)}`);
  candidates.push(await gateAndPromote('undertrained', broken, options));

  // 6. The champion's model card, from the registry's records.
  const card = (await strata(['models', 'card', 'models:/fraud@production', '--format', 'md'], options)).stdout;
  writeFileSync(join(workdir, 'reports', 'model-card.md'), card);
  options.log(`model card: ${join('reports', 'model-card.md')}`);
  return { candidates, gitCommit, card };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workdir: { type: 'string' } } });
  const workdir = values.workdir ?? mkdtempSync(join(tmpdir(), 'fraud-pipeline-'));
  const started = Date.now();
  const result = await runPipeline({ workdir, env: process.env, log: (line) => process.stdout.write(`${line}\n`) });
  const champion = result.candidates.filter((c) => c.promoted).at(-1);
  process.stdout.write(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s in ${workdir}; production = models:/fraud/${champion?.version ?? '?'}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

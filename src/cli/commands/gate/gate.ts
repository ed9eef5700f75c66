/**
 * `strata gate`: evaluates a gate spec on the server against a run or a model version and exits
 * 0 (passed), 1 (failed) or 2 (error: a rule could not be judged, a bad spec, a missing spec
 * file, an unknown run or version, an unreachable server). The reports (--report-md, --junit)
 * are written whenever a result came back, failed and error ones included, so CI can post them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { EvaluateGateRequest, GateResultWire, GateSpecErrorDetails } from '../../../api/strata-gates.js';
import { isStrataApiError } from '../../../client/strata-api-error.js';
import { CommandExit, UsageError, type CliContext } from '../../cli-context.js';
import { detectCiEnvironment } from './ci-environment.js';
import { gateClient, type GateClient } from './gate-client.js';
import { formatGateJunit } from './gate-junit.js';
import { formatGateMarkdown } from './gate-markdown.js';
import { formatSpecProblem, specFromRequire, type SpecSource } from './gate-spec-source.js';
import { formatGateTable } from './gate-table.js';

export const DEFAULT_GATE_SPEC = 'strata.gate.yaml';
export const GATE_EXIT = { passed: 0, failed: 1, error: 2 } as const;

interface GateOptions {
  run?: string;
  model?: string;
  spec?: string;
  require?: string[];
  name?: string;
  champion?: string;
  json?: boolean;
  reportMd?: string;
  junit?: string;
  dryRun?: boolean;
}

export function registerGate(program: Command, ctx: CliContext): void {
  program
    .command('gate')
    .description('evaluate a gate spec against a run or model version; exit 0 passed, 1 failed, 2 error')
    .option('--run <run_id>', 'the run to judge')
    .option('--model <uri>', 'the model version to judge: models:/NAME/VERSION or models:/NAME@ALIAS')
    .option('--spec <file>', `the gate spec (YAML; default ${DEFAULT_GATE_SPEC} in this folder)`)
    .option('--require <expr>', "a rule such as 'metrics.auc >= 0.9' (repeatable; instead of --spec)", (value: string, all: string[] = []) => [...all, value])
    .option('--name <name>', 'the gate name for a --require spec (default cli)')
    .option('--champion <alias>', 'the alias whose holder is the champion, for a --require spec')
    .option('--json', 'print the result as JSON')
    .option('--report-md <file>', 'write a Markdown report (a pull-request comment)')
    .option('--junit <file>', 'write a JUnit XML report (one test case per rule)')
    .option('--dry-run', 'evaluate without recording the result')
    .action(async (options: GateOptions, command: Command) => {
      const target = targetOf(options);
      const source = await specSource(ctx, options);
      const client = gateClient(ctx, command);
      const result = await evaluate(ctx, client, { spec: source.text, ...target, dry_run: options.dryRun === true }, source);
      await writeReports(ctx, options, result, client.trackingUri);
      if (options.json) ctx.printJson(result);
      else ctx.print(formatGateTable(result));
      if (result.status !== 'passed') throw new CommandExit(GATE_EXIT[result.status]);
    });
}

function targetOf(options: GateOptions): Pick<EvaluateGateRequest, 'run_id' | 'model_uri'> {
  if ((options.run === undefined) === (options.model === undefined)) throw new UsageError('name what to judge: --run RUN_ID or --model models:/NAME/VERSION (or models:/NAME@ALIAS)');
  if (options.run !== undefined) return { run_id: options.run };
  const uri = options.model as string;
  if (!/^models:\/[^/@]+(\/\d+|@[^/@]+)$/.test(uri)) throw new UsageError(`--model takes models:/NAME/VERSION or models:/NAME@ALIAS, got '${uri}'`);
  return { model_uri: uri };
}

/** --require builds the spec; otherwise the file. Not both: the file's line numbers must stay the file's. */
async function specSource(ctx: CliContext, options: GateOptions): Promise<SpecSource> {
  const required = options.require ?? [];
  if (required.length > 0) {
    if (options.spec !== undefined) throw new UsageError('use --spec or --require, not both (add the rules to the spec file)');
    return specFromRequire(required, options.name ?? 'cli', options.champion);
  }
  if (options.name !== undefined || options.champion !== undefined) throw new UsageError('--name and --champion go with --require; a spec file sets name: and champion: itself');
  const path = options.spec ?? DEFAULT_GATE_SPEC;
  try {
    return { kind: 'file', path, text: await readFile(resolve(ctx.cwd, path), 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    ctx.io.stderr.write(`error: gate spec ${path}: ${reason}${options.spec === undefined ? ' (write one, pass --spec FILE, or give rules with --require)' : ''}\n`);
    throw new CommandExit(GATE_EXIT.error);
  }
}

/** Any refusal is exit 2 (the gate could not be judged), a bad spec printed problem by problem. */
async function evaluate(ctx: CliContext, client: GateClient, request: EvaluateGateRequest, source: SpecSource): Promise<GateResultWire> {
  const ci = detectCiEnvironment(ctx.env);
  try {
    return await client.evaluate({ ...request, ...(ci.jobUrl === undefined ? {} : { ci_job_url: ci.jobUrl }), ...(Object.keys(ci.ci).length === 0 ? {} : { ci: ci.ci }) });
  } catch (error) {
    if (!isStrataApiError(error)) throw error;
    const problems = (error.details as Partial<GateSpecErrorDetails> | undefined)?.problems;
    if (Array.isArray(problems) && problems.length > 0) {
      for (const problem of problems) ctx.io.stderr.write(`${formatSpecProblem(problem, source)}\n`);
      ctx.io.stderr.write(`error: the gate spec has ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    } else {
      ctx.io.stderr.write(`error: ${error.message} (${error.errorCode})\n`);
    }
    throw new CommandExit(GATE_EXIT.error);
  }
}

async function writeReports(ctx: CliContext, options: GateOptions, result: GateResultWire, trackingUri: string): Promise<void> {
  const reports: [string | undefined, () => string][] = [
    [options.reportMd, () => formatGateMarkdown(result, { trackingUri })],
    [options.junit, () => formatGateJunit(result)],
  ];
  for (const [path, render] of reports) {
    if (path === undefined) continue;
    await writeFile(resolve(ctx.cwd, path), render());
    ctx.io.stderr.write(`wrote ${path}\n`);
  }
}

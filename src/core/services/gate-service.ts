/**
 * Evaluation gates on the server (issue 14): a spec is evaluated against what the server
 * recorded — never against numbers the client sends — and the result is recorded with the
 * spec's hash, who ran it and the CI job, together with its audit event. Promotion reads these
 * records (promotions/recorded-evaluation-gates.ts).
 *
 * Outcomes: a spec that does not parse is refused (400 with every problem's line and column);
 * an evaluation that cannot decide (a metric not logged, no champion) is a result with status
 * `error`, returned and recorded like any other, so CI can exit 2 and write its reports.
 *
 * Who may: evaluating needs read access to the target (the run's experiment; for a version, the
 * model and its source run's experiment). Recording needs the editor role on the model (for a
 * version) or the run's experiment (for a bare run), and a token with write scope: results
 * feed promotion, so a viewer may dry-run a gate but not record one.
 */
import { MAX_GATE_RESULTS_PER_PAGE, MAX_GATE_SPEC_BYTES } from '../../api/strata-gates.js';
import type { AccessTarget } from '../auth/access-target.js';
import { permissionDenied, scopeAllows } from '../auth/authorization-service.js';
import type { Principal } from '../auth/principal.js';
import { invalidParameter, notFound, StrataError } from '../errors.js';
import { parseModelUri } from '../model-uri.js';
import { isReadable, requireAccess, type GateAccess } from '../gates/gate-access.js';
import type { GateChampion, GateResult } from '../gates/gate-entities.js';
import { championAliasOf, parseGateSpec, type GateSpec } from '../gates/gate-spec.js';
import { evaluateGate } from '../gates/evaluate-gate.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { gateData, gateSubject, type GateArtifacts } from './gate-data.js';
import { requireGateRun, resolveGateTarget, type GateTarget } from './gate-target.js';
import type { RegistryEventListener } from './registry-events.js';
import { requireModel, requireVersion, versionEntity } from './registry-mutation.js';
import { audited, displayName, requireRunInfo, type Actor, type ServiceDeps } from './service-deps.js';

export interface GateServiceDeps extends ServiceDeps {
  artifacts: GateArtifacts;
  /** Receives `gate_result.created` inside the recording transaction (webhooks' outbox). */
  onRegistryEvent?: RegistryEventListener;
}

export interface EvaluateGateInput {
  spec: string;
  runId?: string;
  modelUri?: string;
  ciJobUrl?: string;
  /** Validated here: an object of strings. */
  ci?: unknown;
  dryRun?: boolean;
}

export interface ListGateResultsInput {
  runId?: string;
  modelName?: string;
  version?: number;
  gate?: string;
  maxResults?: number;
}

export interface EvaluatedGate {
  result: GateResult;
  recorded: boolean;
}

const MAX_CI_ENTRIES = 50;
const MAX_CI_KEY_LENGTH = 100;
const MAX_CI_VALUE_LENGTH = 1000;
const MAX_CI_JOB_URL_LENGTH = 2000;
const DEFAULT_RESULTS_PER_PAGE = 100;

const encoder = new TextEncoder();

/** SHA-256 hex through Web Crypto (as webhook signatures do), so core stays free of node:*. */
async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function parseSpec(text: string): { spec: GateSpec; canonical: string } {
  const size = encoder.encode(text).byteLength;
  if (size > MAX_GATE_SPEC_BYTES) {
    throw new StrataError('INVALID_PARAMETER_VALUE', `A gate spec has at most ${MAX_GATE_SPEC_BYTES} bytes; this one has ${size}.`, 413);
  }
  if (text.trim() === '') throw invalidParameter('The gate spec is empty.');
  return parseGateSpec(text);
}

function validateCi(ci: unknown, ciJobUrl: string | undefined): Record<string, string> {
  if (ciJobUrl !== undefined && ciJobUrl.length > MAX_CI_JOB_URL_LENGTH) throw invalidParameter(`ci_job_url has at most ${MAX_CI_JOB_URL_LENGTH} characters.`);
  if (ci === undefined || ci === null) return {};
  if (typeof ci !== 'object' || Array.isArray(ci)) throw invalidParameter('ci must be an object of strings.');
  const entries = Object.entries(ci as Record<string, unknown>);
  if (entries.length > MAX_CI_ENTRIES) throw invalidParameter(`ci has at most ${MAX_CI_ENTRIES} entries.`);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw invalidParameter(`ci.${shortenForMessage(key)} must be a string.`);
    if (key.length > MAX_CI_KEY_LENGTH || value.length > MAX_CI_VALUE_LENGTH) {
      throw invalidParameter(`ci keys have at most ${MAX_CI_KEY_LENGTH} characters and values at most ${MAX_CI_VALUE_LENGTH}.`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Who ran it: a verified user's name, else (auth off) the name the caller claimed. */
function ranByOf(principal: Principal, actor: Actor): string {
  return principal.kind === 'user' ? principal.username : displayName(actor);
}

function eventPayload(result: GateResult): Record<string, unknown> {
  return {
    resultId: result.resultId, gate: result.gate, status: result.status, specHash: result.specHash, runId: result.runId,
    ...(result.modelName === null ? {} : { name: result.modelName, version: result.version }),
    ranBy: result.ranBy, ...(result.ciJobUrl === null ? {} : { ciJobUrl: result.ciJobUrl }),
  };
}

const runTarget = (runId: string): AccessTarget => ({ kind: 'run', runId });
const modelTarget = (name: string): AccessTarget => ({ kind: 'model', name });

function resultNotFound(resultId: string): StrataError {
  return notFound(`No gate result with id=${shortenForMessage(resultId)} exists`);
}

export class GateService {
  constructor(private readonly deps: GateServiceDeps) {}

  async evaluate(access: GateAccess, principal: Principal, actor: Actor, input: EvaluateGateInput): Promise<EvaluatedGate> {
    const { spec, canonical } = parseSpec(input.spec);
    const ci = validateCi(input.ci, input.ciJobUrl);
    if (input.modelUri !== undefined) await requireAccess(access, modelTarget(parseModelUri(input.modelUri).name), 'viewer');
    const target = await resolveGateTarget(this.deps.store, { ...(input.runId === undefined ? {} : { runId: input.runId }), ...(input.modelUri === undefined ? {} : { modelUri: input.modelUri }) });
    await requireAccess(access, runTarget(target.run.runId), 'viewer');
    const recording = input.dryRun !== true;
    if (recording) await this.requireRecorder(access, principal, target);
    const result = await this.run(access, { spec, canonical, text: input.spec }, target, { principal, actor, ci, ciJobUrl: input.ciJobUrl ?? null });
    if (!recording) return { result, recorded: false };
    await this.record(actor, result, target);
    return { result, recorded: true };
  }

  async get(access: GateAccess, resultId: string): Promise<GateResult> {
    const result = await this.deps.store.findGateResult(resultId);
    if (!result) throw resultNotFound(resultId);
    const target = result.modelName === null ? runTarget(result.runId) : modelTarget(result.modelName);
    if ((await access.check(target, 'viewer')) !== 'allowed') throw resultNotFound(resultId);
    return result;
  }

  /** By run or by model (and version), optionally one gate; results of models the caller may not read are left out. */
  async list(access: GateAccess, input: ListGateResultsInput): Promise<GateResult[]> {
    const maxResults = input.maxResults ?? DEFAULT_RESULTS_PER_PAGE;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_GATE_RESULTS_PER_PAGE) {
      throw invalidParameter(`max_results must be between 1 and ${MAX_GATE_RESULTS_PER_PAGE}, got ${maxResults}`);
    }
    if (input.runId === undefined && input.modelName === undefined) throw invalidParameter('Give run_id or name (a registered model) to list gate results.');
    if (input.version !== undefined && input.modelName === undefined) throw invalidParameter('version needs name: the registered model the version belongs to.');
    if (input.runId !== undefined) {
      await requireAccess(access, runTarget(input.runId), 'viewer');
      await requireRunInfo(this.deps.store, input.runId);
    }
    if (input.modelName !== undefined) {
      await requireAccess(access, modelTarget(input.modelName), 'viewer');
      await requireModel(this.deps.store, input.modelName);
    }
    const results = await this.deps.store.listGateResults({ ...input, maxResults });
    const models = await access.readable('model');
    return results.filter((r) => r.modelName === null || isReadable(models, r.modelName));
  }

  private async requireRecorder(access: GateAccess, principal: Principal, target: GateTarget): Promise<void> {
    const hint = 'evaluate with dry_run to see the outcome without recording it';
    if (principal.kind === 'user' && !scopeAllows(principal, 'write')) {
      throw permissionDenied(`Recording a gate result needs a token with write scope; ${hint}.`);
    }
    const where = target.version === null ? runTarget(target.run.runId) : modelTarget(target.version.name);
    const what = target.version === null ? "the run's experiment" : `model '${target.version.name}'`;
    await requireAccess(access, where, 'editor', `Recording a gate result needs the editor role on ${what} (results let versions be promoted); ${hint}.`);
  }

  private async run(
    access: GateAccess,
    { spec, canonical, text }: { spec: GateSpec; canonical: string; text: string },
    target: GateTarget,
    who: { principal: Principal; actor: Actor; ci: Record<string, string>; ciJobUrl: string | null },
  ): Promise<GateResult> {
    const store = this.deps.store;
    const candidateRun = await store.findRun(target.run.runId);
    if (!candidateRun) throw notFound(`Run with id=${target.run.runId} not found`);
    const versionRef = target.version === null ? null : { name: target.version.name, version: target.version.version };
    const champion = await this.champion(access, spec, target);
    const data = gateData(this.deps.artifacts, { run: candidateRun, subject: gateSubject(candidateRun, versionRef) }, champion);
    const outcome = await evaluateGate(spec, data);
    return {
      resultId: globalThis.crypto.randomUUID().replaceAll('-', ''),
      gate: spec.name,
      specHash: await sha256Hex(canonical),
      specText: text,
      status: outcome.status,
      runId: target.run.runId,
      modelName: versionRef?.name ?? null,
      version: versionRef?.version ?? null,
      champion: champion.ref,
      rules: outcome.rules,
      ranBy: ranByOf(who.principal, who.actor),
      ciJobUrl: who.ciJobUrl,
      ci: who.ci,
      createdTime: this.deps.clock.now(),
    };
  }

  /**
   * The version holding the spec's champion alias on the candidate's model (the spec's `model`
   * for a bare run). Absent — no alias named, no such model or alias, a model the caller may
   * not read — it is null and rules comparing with it end in `error`. When the alias holds the
   * candidate itself, the candidate is its own champion: comparisons run, deltas are 0.
   */
  private async champion(access: GateAccess, spec: GateSpec, target: GateTarget) {
    const none = { run: null, subject: null, ref: null };
    const wanted = championAliasOf(spec);
    const modelName = target.version?.name ?? wanted?.model ?? null;
    if (wanted === null || modelName === null) return none;
    const alias = wanted.alias;
    if (target.version === null && (await access.check(modelTarget(modelName), 'viewer')) !== 'allowed') return none;
    const store = this.deps.store;
    const number = await store.findAliasVersion(modelName, alias);
    const version = number === undefined ? undefined : await store.findModelVersion(modelName, number);
    if (version === undefined) return none;
    const ref: GateChampion = { modelName, alias, version: version.version, runId: version.runId };
    const run = version.runId === null ? undefined : await store.findRun(version.runId);
    if (run === undefined || run.info.lifecycleStage !== 'active') return { run: null, subject: null, ref };
    return { run, subject: gateSubject(run, { name: modelName, version: version.version }), ref };
  }

  /** The result, its audit event and its webhook event in one transaction, after checking the target is still there. */
  private async record(actor: Actor, result: GateResult, target: GateTarget): Promise<void> {
    await audited(
      this.deps,
      async (tx: MetadataRepository, time: number) => {
        await requireGateRun(tx, result.runId);
        if (target.version !== null) await requireVersion(tx, target.version.name, target.version.version);
        await tx.insertGateResult(result);
        await this.deps.onRegistryEvent?.(tx, [{ type: 'gate_result.created', payload: eventPayload(result), actor: displayName(actor), time }]);
      },
      () => ({
        actor,
        action: 'gate.evaluate',
        ...(target.version === null ? { entityType: 'run', entityId: result.runId } : versionEntity(target.version.name, target.version.version)),
        summary: { gate: result.gate, status: result.status, spec_hash: result.specHash, result_id: result.resultId, run_id: result.runId },
      }),
    );
  }
}

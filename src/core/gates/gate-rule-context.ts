/**
 * What every rule evaluator shares: the spec, the data, how a rule's result is built, how
 * numbers read in messages, and how "the champion" is found (or why it is not there).
 */
import type { GateData, GateRuleResult, GateStatus, GateSubject } from './gate-entities.js';
import type { GateField, GateOperator, GateRule, GateSpec } from './gate-spec-types.js';

export interface RuleContext {
  spec: GateSpec;
  data: GateData;
}

/** The result's fields a rule kind fills; rule text, line and kind come from the rule. */
export type RuleOutcome = Omit<GateRuleResult, 'rule' | 'line' | 'kind'>;

export function outcome(status: GateStatus, value: GateRuleResult['value'], message: string, extra: Partial<RuleOutcome> = {}): RuleOutcome {
  return { status, value, message, ...extra };
}

/** Either the champion run to compare with, or the outcome the rule takes without one. */
export type ChampionLookup = { subject: GateSubject; label: string } | { outcome: RuleOutcome };

export function findChampion(ctx: RuleContext, rule: GateRule): ChampionLookup {
  const wanted = ctx.spec.champion;
  if (wanted === null) return { outcome: outcome('error', null, `this rule compares with the champion but the spec names none (spec line ${rule.line})`) };
  const subject = ctx.data.champion;
  if (subject !== null) return { subject, label: championLabel(ctx) };
  const model = ctx.data.candidate.modelVersion?.name ?? ctx.spec.model;
  const holder = model === null ? `alias '${wanted.alias}' (the run is not a model version and the spec names no model)` : `no version of ${model} holds alias '${wanted.alias}'`;
  if (wanted.ifMissing === 'pass') return { outcome: outcome('passed', null, `no champion yet: ${holder}`) };
  return { outcome: outcome('error', null, `no champion: ${holder} (spec line ${rule.line}; champion.if_missing: pass accepts that)`) };
}

function championLabel(ctx: RuleContext): string {
  const ref = ctx.data.championRef;
  if (ref !== null) return `champion ${ref.modelName} v${ref.version} (@${ref.alias})`;
  return `champion run ${ctx.data.champion?.runId ?? ''}`;
}

const KIND_WORDS: Record<GateField['kind'], string> = { metric: 'metric', param: 'param', tag: 'tag' };

export function fieldLabel(field: GateField): string {
  return `${KIND_WORDS[field.kind]} '${field.key}'`;
}

export function readField(subject: GateSubject, field: GateField): number | string | undefined {
  if (field.kind === 'metric') return subject.metrics.get(field.key);
  return field.kind === 'param' ? subject.params.get(field.key) : subject.tags.get(field.key);
}

/** Compact numbers in messages: 6 significant digits, no trailing zeros (0.9, 0.915, 1.23457e-7). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

export function formatValue(value: number | string): string {
  return typeof value === 'number' ? formatNumber(value) : `'${value}'`;
}

/** NaN on either side never satisfies a comparison (NaN compares false, `!=` included). */
export function holds(value: number | string, op: GateOperator, bound: number | string): boolean {
  if (typeof value === 'number' && Number.isNaN(value)) return false;
  if (typeof bound === 'number' && Number.isNaN(bound)) return false;
  switch (op) {
    case '>=': return value >= bound;
    case '>': return value > bound;
    case '<=': return value <= bound;
    case '<': return value < bound;
    case '==': return value === bound;
    case '!=': return value !== bound;
  }
}

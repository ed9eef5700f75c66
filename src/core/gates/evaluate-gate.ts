/**
 * Holds a gate spec against what the stores recorded about a run (GateData). Each rule yields
 * a result a reader can follow (value, champion's value, threshold, delta, message); the gate
 * is 'error' when any rule could not be judged (a metric never logged, no champion), else
 * 'failed' when any rule failed, else 'passed'. Artifact reads are lazy and run concurrently.
 */
import { isStrataError } from '../errors.js';
import { evaluateBootstrapRule } from './gate-bootstrap-rule.js';
import { evaluateCompareRule, evaluateSlicesRule } from './gate-compare-rules.js';
import type { GateData, GateRuleResult, GateStatus } from './gate-entities.js';
import { evaluateArtifactRule, evaluateLineageRule } from './gate-presence-rules.js';
import { outcome, type RuleContext, type RuleOutcome } from './gate-rule-context.js';
import type { GateRule, GateSpec } from './gate-spec-types.js';

export { championAliasOf } from './gate-spec.js';

export interface GateEvaluation {
  status: GateStatus;
  rules: GateRuleResult[];
}

export async function evaluateGate(spec: GateSpec, data: GateData): Promise<GateEvaluation> {
  const ctx: RuleContext = { spec, data };
  const rules = await Promise.all(spec.rules.map(async (rule) => ({ rule: rule.text, line: rule.line, kind: resultKind(rule), ...(await evaluateRule(ctx, rule)) })));
  return { status: overallStatus(rules), rules };
}

export function overallStatus(rules: readonly { status: GateStatus }[]): GateStatus {
  if (rules.some((r) => r.status === 'error')) return 'error';
  return rules.some((r) => r.status === 'failed') ? 'failed' : 'passed';
}

/** The wire's kinds: threshold | champion | slices | lineage | artifact | bootstrap | param | tag. */
export function resultKind(rule: GateRule): string {
  if (rule.kind !== 'compare') return rule.kind;
  if (rule.bound.kind === 'champion') return 'champion';
  return rule.field.kind === 'metric' ? 'threshold' : rule.field.kind;
}

/** A rule that cannot read what it needs (an artifact too large, unreadable) is that rule's error, not the gate's crash. */
async function evaluateRule(ctx: RuleContext, rule: GateRule): Promise<RuleOutcome> {
  try {
    return await dispatch(ctx, rule);
  } catch (error) {
    if (!isStrataError(error)) throw error;
    return outcome('error', null, `${error.message} (spec line ${rule.line})`);
  }
}

function dispatch(ctx: RuleContext, rule: GateRule): RuleOutcome | Promise<RuleOutcome> {
  switch (rule.kind) {
    case 'compare': return evaluateCompareRule(ctx, rule);
    case 'slices': return evaluateSlicesRule(ctx, rule);
    case 'artifact': return evaluateArtifactRule(ctx, rule);
    case 'lineage': return evaluateLineageRule(ctx, rule);
    case 'bootstrap': return evaluateBootstrapRule(ctx, rule);
  }
}

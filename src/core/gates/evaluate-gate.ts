/**
 * LOCAL STUB of the gate evaluator (the gate-engine branch owns the real one): holds the stub
 * spec's metric rules against GateData. A missing metric, or a champion rule without a
 * champion, is an `error`; NaN fails. Replaced by `git merge gate-engine`.
 */
import type { GateData, GateRuleResult, GateStatus } from './gate-entities.js';
import type { GateRuleSpec, GateSpec } from './gate-spec.js';

function compare(value: number, op: GateRuleSpec['op'], bound: number): boolean {
  switch (op) {
    case '>=': return value >= bound;
    case '>': return value > bound;
    case '<=': return value <= bound;
    case '<': return value < bound;
    case '==': return value === bound;
    case '!=': return value !== bound;
  }
}

function evaluateRule(rule: GateRuleSpec, data: GateData): GateRuleResult {
  const base = { rule: rule.text, line: rule.line, kind: rule.champion === null ? 'threshold' : 'champion' };
  const value = data.candidate.metrics.get(rule.metric);
  if (value === undefined) return { ...base, status: 'error', value: null, message: `metric '${rule.metric}' was not logged` };
  if (rule.champion === null) {
    const status = Number.isNaN(value) ? 'failed' : compare(value, rule.op, rule.value) ? 'passed' : 'failed';
    return { ...base, status, value, threshold: rule.value, message: `${rule.metric} = ${value} ${rule.op} ${rule.value}` };
  }
  const championValue = data.champion?.metrics.get(rule.metric);
  if (championValue === undefined) return { ...base, status: 'error', value, message: data.champion === null ? 'no champion' : `champion has no metric '${rule.metric}'` };
  const threshold = rule.champion === '*' ? championValue * rule.value : rule.champion === '+' ? championValue + rule.value : championValue - rule.value;
  const passed = !Number.isNaN(value) && compare(value, rule.op, threshold);
  return { ...base, status: passed ? 'passed' : 'failed', value, championValue, threshold, delta: value - championValue, message: `${rule.metric} = ${value} ${rule.op} ${threshold}` };
}

export async function evaluateGate(spec: GateSpec, data: GateData): Promise<{ status: GateStatus; rules: GateRuleResult[] }> {
  const rules = spec.rules.map((rule) => evaluateRule(rule, data));
  const status: GateStatus = rules.some((r) => r.status === 'error') ? 'error' : rules.some((r) => r.status === 'failed') ? 'failed' : 'passed';
  return { status, rules };
}

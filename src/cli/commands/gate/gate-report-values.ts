/**
 * What the three gate reports (terminal table, Markdown, JUnit) say alike: how a value, a delta
 * and a status read, the order of rules (problems first), and what the gate was run against.
 */
import type { GateResultWire, GateRuleResultWire } from '../../../api/strata-gates.js';

/** A value as a person reads it: 6 significant digits, '-' when there is none. */
export function formatGateValue(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** A delta with its sign, so "+0.01" and "-0.01" are told apart at a glance. */
export function formatDelta(delta: number | null | undefined): string {
  if (delta === null || delta === undefined) return '-';
  const text = formatGateValue(delta);
  return delta > 0 ? `+${text}` : text;
}

const SEVERITY: Record<GateRuleResultWire['status'], number> = { error: 0, failed: 1, passed: 2 };

/** Errors, then failures, then passes; spec order within each. */
export function rulesBySeverity(rules: readonly GateRuleResultWire[]): GateRuleResultWire[] {
  return rules.map((rule, index) => ({ rule, index }))
    .sort((a, b) => SEVERITY[a.rule.status] - SEVERITY[b.rule.status] || a.index - b.index)
    .map(({ rule }) => rule);
}

export function countByStatus(rules: readonly GateRuleResultWire[]): { passed: number; failed: number; error: number } {
  const counts = { passed: 0, failed: 0, error: 0 };
  for (const rule of rules) counts[rule.status] += 1;
  return counts;
}

/** `models:/fraud/7 (run abc)` or `run abc`. */
export function subjectOf(result: GateResultWire): string {
  if (result.model_name !== undefined && result.version !== undefined) return `models:/${result.model_name}/${result.version} (run ${result.run_id})`;
  return `run ${result.run_id}`;
}

export function championOf(result: GateResultWire): string | null {
  const champion = result.champion;
  return champion === undefined ? null : `models:/${champion.name}/${champion.version} (@${champion.alias})`;
}

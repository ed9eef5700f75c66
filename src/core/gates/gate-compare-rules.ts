/**
 * Comparison rules (`metrics.auc >= champion + 0.005`, `params.optimizer == 'adam'`) and slice
 * rules (every metric matching `recall/segment=*`). A key the candidate never logged is an
 * error unless allow_missing; NaN fails; a champion that is not there follows if_missing.
 */
import type { GateStatus, GateSubject } from './gate-entities.js';
import {
  fieldLabel, findChampion, formatNumber, formatValue, holds, outcome, readField, type RuleContext, type RuleOutcome,
} from './gate-rule-context.js';
import type { CompareRule, GateBound, GateField, GateOperator, SlicesRule } from './gate-spec-types.js';

type Champion = { subject: GateSubject; label: string } | null;

export function evaluateCompareRule(ctx: RuleContext, rule: CompareRule): RuleOutcome {
  const { field } = rule;
  const raw = readField(ctx.data.candidate, field);
  if (raw === undefined) {
    if (rule.allowMissing) return outcome('passed', null, `${fieldLabel(field)} not logged; allowed`);
    return outcome('error', null, `${fieldLabel(field)} was not logged by run ${ctx.data.candidate.runId} (spec line ${rule.line})`);
  }
  let champion: Champion = null;
  if (rule.bound.kind === 'champion') {
    const found = findChampion(ctx, rule);
    if ('outcome' in found) return { ...found.outcome, value: raw };
    champion = found;
  }
  return compareValue(raw, rule.op, rule.bound, field, champion, rule.line);
}

/** One value against its bound: the literal, or the champion's value of the same key. */
function compareValue(raw: number | string, op: GateOperator, bound: GateBound, field: GateField, champion: Champion, line: number): RuleOutcome {
  const threshold = boundValue(bound, field, champion, line);
  if ('status' in threshold) return { ...threshold, value: raw };
  const numeric = typeof threshold.value === 'number';
  const value = numeric ? toNumber(raw) : raw;
  if (value === undefined) return outcome('error', raw, `${fieldLabel(field)} is ${formatValue(raw)}, not a number`);
  const championValue = threshold.championValue;
  const extra: Partial<RuleOutcome> = numeric ? { threshold: threshold.value as number } : {};
  if (championValue !== undefined) Object.assign(extra, { championValue, delta: (value as number) - championValue });
  const because = threshold.explain === '' ? '' : ` (${threshold.explain})`;
  if (typeof value === 'number' && Number.isNaN(value)) return outcome('failed', value, `${fieldLabel(field)} is NaN: a NaN never passes`, extra);
  const shown = `${formatValue(value)} ${op} ${formatValue(threshold.value)}`;
  if (holds(value, op, threshold.value)) return outcome('passed', value, `${shown}${because}`, extra);
  return outcome('failed', value, `${formatValue(value)} is not ${op} ${formatValue(threshold.value)}${because}`, extra);
}

/** Params and tags are text: compared with a number they must read as one. */
function toNumber(raw: number | string): number | undefined {
  if (typeof raw === 'number') return raw;
  const value = raw.trim() === '' ? NaN : Number(raw);
  return Number.isNaN(value) && raw.trim().toLowerCase() !== 'nan' ? undefined : value;
}

type Threshold = { value: number | string; championValue?: number; explain: string };

function boundValue(bound: GateBound, field: GateField, champion: Champion, line: number): Threshold | RuleOutcome {
  if (bound.kind === 'value') return { value: bound.value, explain: '' };
  if (champion === null) return outcome('error', null, 'no champion');
  const raw = readField(champion.subject, field);
  if (raw === undefined) return outcome('error', null, `${champion.label} did not log ${fieldLabel(field)} (spec line ${line})`);
  if (bound.arithmetic === null && typeof raw === 'string') return { value: raw, explain: champion.label };
  const base = toNumber(raw);
  if (base === undefined) return outcome('error', null, `${champion.label} has ${fieldLabel(field)} = ${formatValue(raw)}, not a number`);
  if (bound.arithmetic === null) return { value: base, championValue: base, explain: `${champion.label}: ${formatNumber(base)}` };
  const { op, operand } = bound.arithmetic;
  const value = op === '+' ? base + operand : op === '-' ? base - operand : base * operand;
  return { value, championValue: base, explain: `${champion.label}: ${formatNumber(base)} ${op} ${formatNumber(operand)}` };
}

export function evaluateSlicesRule(ctx: RuleContext, rule: SlicesRule): RuleOutcome {
  const matcher = globToRegExp(rule.pattern);
  const keys = [...ctx.data.candidate.metrics.keys()].filter((key) => matcher.test(key)).sort();
  if (keys.length < rule.minSlices) {
    return outcome('error', keys.length, `${keys.length} metric(s) match '${rule.pattern}' in run ${ctx.data.candidate.runId}; min_slices is ${rule.minSlices} (spec line ${rule.line})`, { details: { pattern: rule.pattern, slices: [] } });
  }
  let champion: Champion = null;
  if (rule.bound.kind === 'champion') {
    const found = findChampion(ctx, rule);
    if ('outcome' in found) return { ...found.outcome, value: keys.length };
    champion = found;
  }
  const slices = keys.map((key) => {
    const field: GateField = { kind: 'metric', key };
    const result = compareValue(ctx.data.candidate.metrics.get(key) as number, rule.op, rule.bound, field, champion, rule.line);
    return { key, value: result.value, champion_value: result.championValue, threshold: result.threshold, status: result.status, message: result.message };
  });
  return summarizeSlices(rule, slices);
}

interface SliceOutcome {
  key: string;
  value: RuleOutcome['value'];
  champion_value: number | null | undefined;
  threshold: number | null | undefined;
  status: GateStatus;
  message: string;
}

function summarizeSlices(rule: SlicesRule, slices: SliceOutcome[]): RuleOutcome {
  const status: GateStatus = slices.some((s) => s.status === 'error') ? 'error' : slices.some((s) => s.status === 'failed') ? 'failed' : 'passed';
  const bad = slices.filter((s) => s.status !== 'passed');
  const worst = worstSlice(slices, rule.op);
  const threshold = rule.bound.kind === 'value' && typeof rule.bound.value === 'number' ? rule.bound.value : null;
  const listed = bad.slice(0, 5).map((s) => `${s.key}: ${s.message}`).join('; ');
  const more = bad.length > 5 ? `; and ${bad.length - 5} more` : '';
  const message = bad.length === 0
    ? `all ${slices.length} slices of '${rule.pattern}' pass${worst === undefined ? '' : ` (worst ${worst.key} = ${formatValue(worst.value ?? NaN)})`}`
    : `${bad.length} of ${slices.length} slices of '${rule.pattern}' do not pass: ${listed}${more}`;
  return outcome(status, worst?.value ?? null, message, { threshold, details: { pattern: rule.pattern, slices } });
}

/** The slice farthest on the wrong side: the lowest for >=/>, the highest for <=/<; NaN first. */
function worstSlice(slices: SliceOutcome[], op: GateOperator): SliceOutcome | undefined {
  const numeric = slices.filter((s) => typeof s.value === 'number');
  const nan = numeric.find((s) => Number.isNaN(s.value));
  if (nan !== undefined || op === '==' || op === '!=') return nan ?? slices.find((s) => s.status !== 'passed') ?? slices[0];
  const lowIsWorse = op === '>=' || op === '>';
  return numeric.reduce<SliceOutcome | undefined>((worst, s) => {
    if (worst === undefined) return s;
    return lowIsWorse === ((s.value as number) < (worst.value as number)) ? s : worst;
  }, undefined);
}

/** `*` matches any run of characters; everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/**
 * One entry of a spec's `rules:` list, a plain expression or a rule object, into a GateRule.
 * Problems go to the SpecReader with the place in the file; a rule with problems yields null.
 */
import { isMap, isScalar, stringify, type Node, type Scalar, type YAMLMap } from 'yaml';
import { SearchSyntaxError } from '../search/search-syntax-error.js';
import { parseGateBound, parseGateComparison, parseGateOperator } from './gate-rule-expression.js';
import { describe, type SpecReader } from './gate-spec-reader.js';
import {
  BOOTSTRAP_METRICS, GATE_OPERATORS, type BootstrapMetric, type BootstrapRule, type CompareRule, type GateBound, type GateField,
  type GateOperator, type GateRule, type LineageRequirement, type SlicesRule,
} from './gate-spec-types.js';

const RULE_KINDS = ['metric', 'param', 'tag', 'slices', 'artifact', 'lineage', 'bootstrap'] as const;
type RuleKindKey = (typeof RULE_KINDS)[number];
const FIELDS: Record<RuleKindKey, readonly string[]> = {
  metric: ['metric', 'op', 'value', 'allow_missing', 'name'],
  param: ['param', 'op', 'value', 'allow_missing', 'name'],
  tag: ['tag', 'op', 'value', 'allow_missing', 'name'],
  slices: ['slices', 'op', 'value', 'min_slices', 'name'],
  artifact: ['artifact', 'name'],
  lineage: ['lineage', 'name'],
  bootstrap: ['bootstrap', 'name'],
};
const LINEAGE: readonly LineageRequirement[] = ['dataset', 'git_commit', 'clean_tree'];
const BOOTSTRAP_FIELDS = ['predictions', 'champion_predictions', 'metric', 'resamples', 'seed', 'confidence', 'min_delta'];
export const MAX_BOOTSTRAP_RESAMPLES = 100_000;

export function readRule(reader: SpecReader, node: Node | null): GateRule | null {
  if (isScalar(node) && typeof node.value === 'string') return readExpressionRule(reader, node);
  if (isMap(node)) return readObjectRule(reader, node);
  reader.problem(node, `a rule is an expression ('metrics.auc >= 0.9') or a rule object ({ artifact: model/MLmodel }), got ${describe(isScalar(node) ? node.value : null)}`);
  return null;
}

function readExpressionRule(reader: SpecReader, node: Scalar): CompareRule | null {
  const text = String(node.value);
  try {
    const { field, op, bound } = parseGateComparison(text);
    const rule: CompareRule = { kind: 'compare', text: text.trim(), line: reader.lineOf(node), name: null, field, op, bound, allowMissing: false };
    return checkStringOrdering(reader, node, rule) ? rule : null;
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    reader.problemAt(reader.textStart(node) + error.pos, error.message);
    return null;
  }
}

/** `params.x < 'abc'` has no meaning: strings compare with == and != only. */
function checkStringOrdering(reader: SpecReader, node: Node, rule: { field?: GateField; op: GateOperator; bound: GateBound }): boolean {
  if (rule.bound.kind !== 'value' || typeof rule.bound.value !== 'string' || rule.op === '==' || rule.op === '!=') return true;
  reader.problem(node, `a string compares with == or != only; write a number to compare '${rule.op}' numerically`);
  return false;
}

function readObjectRule(reader: SpecReader, map: YAMLMap): GateRule | null {
  const kinds = RULE_KINDS.filter((kind) => map.has(kind));
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? 'none' : kinds.join(' and ');
    reader.problem(map, `a rule object needs exactly one of ${RULE_KINDS.join(', ')} (found ${found})${colonHint(map)}`);
    return null;
  }
  const kind = kinds[0] as RuleKindKey;
  const before = reader.problems.length;
  const fields = reader.fields(map, FIELDS[kind], `${kind} rule`);
  const base = { text: compactText(reader, map), line: reader.lineOf(map), name: kind === 'lineage' ? null : (reader.string(fields.get('name'), 'name', map) ?? null) };
  const rule = readObjectKind(reader, map, kind, fields, base);
  return reader.problems.length === before ? rule : null;
}

/** `- metrics.auc: 0.9` is a mapping to YAML; the user meant an expression. */
function colonHint(map: YAMLMap): string {
  const key = map.items.length === 1 && isScalar(map.items[0]?.key) ? String(map.items[0]?.key.value) : '';
  return /^(metrics?|params?|parameters?|tags?)\./.test(key) ? `; for a comparison write '${key} >= …' (': ' makes YAML read a mapping)` : '';
}

type Fields = Map<string, Node | null>;
type Base = { text: string; line: number; name: string | null };

function readObjectKind(reader: SpecReader, map: YAMLMap, kind: RuleKindKey, fields: Fields, base: Base): GateRule | null {
  switch (kind) {
    case 'metric':
    case 'param':
    case 'tag':
      return readCompareObject(reader, map, kind, fields, base);
    case 'slices':
      return readSlicesObject(reader, map, fields, base);
    case 'artifact': {
      const path = reader.string(fields.get('artifact'), 'artifact', map);
      return path === undefined ? null : { kind: 'artifact', ...base, path: path.replace(/^\/+/, '') };
    }
    case 'lineage':
      return readLineageObject(reader, map, fields, base);
    case 'bootstrap':
      return readBootstrapObject(reader, map, fields.get('bootstrap'), base);
  }
}

function readCompareObject(reader: SpecReader, map: YAMLMap, kind: GateField['kind'], fields: Fields, base: Base): CompareRule | null {
  const key = readKey(reader, fields.get(kind), kind, map);
  const op = readOp(reader, fields.get('op'), map);
  const bound = readValue(reader, fields.get('value'), map, kind === 'metric');
  const allowMissing = reader.boolean(fields.get('allow_missing'), 'allow_missing', map) ?? false;
  if (key === undefined || op === undefined || bound === undefined) return null;
  const rule: CompareRule = { kind: 'compare', ...base, field: { kind, key }, op, bound, allowMissing };
  return checkStringOrdering(reader, map, rule) ? rule : null;
}

/** A key as written: a YAML number (`metric: 1`) is a key too. */
function readKey(reader: SpecReader, node: Node | null | undefined, what: string, map: YAMLMap): string | undefined {
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) return String(node.source ?? node.value);
  return reader.string(node, what, map);
}

function readOp(reader: SpecReader, node: Node | null | undefined, map: YAMLMap): GateOperator | undefined {
  if (node === undefined) {
    reader.problem(map, `op is required (one of ${GATE_OPERATORS.join(', ')})`);
    return undefined;
  }
  const text = reader.string(node, 'op', map);
  if (text === undefined) return undefined;
  try {
    return parseGateOperator(text);
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    reader.problemAt(reader.textStart(node as Scalar), error.message);
    return undefined;
  }
}

/** `value:` is a number, a string (params, tags), or a champion expression ("champion + 0.005"). */
function readValue(reader: SpecReader, node: Node | null | undefined, map: YAMLMap, numeric: boolean): GateBound | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number') return { kind: 'value', value };
  if (typeof value === 'string' && /^\s*champion\b/.test(value)) {
    try {
      return parseGateBound(value);
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      reader.problemAt(reader.textStart(node as Scalar) + error.pos, error.message);
      return undefined;
    }
  }
  if (!numeric && (typeof value === 'string' || typeof value === 'boolean')) return { kind: 'value', value: String(value) };
  const expected = numeric ? 'a number or a champion expression ("champion + 0.005")' : 'a string, a number or a champion expression';
  if (node === undefined) reader.problem(map, `value is required: ${expected}`);
  else reader.problem(node ?? map, `value must be ${expected}${value === undefined ? '' : `, got ${describe(value)}`}`);
  return undefined;
}

function readSlicesObject(reader: SpecReader, map: YAMLMap, fields: Fields, base: Base): SlicesRule | null {
  const patternNode = fields.get('slices');
  const pattern = reader.string(patternNode, 'slices', map);
  const key = pattern === undefined ? undefined : slicePattern(pattern);
  if (pattern !== undefined && key === undefined) {
    reader.problem(patternNode, `slices must be a metric key pattern with '*', such as "metrics.recall/segment=*", got ${describe(pattern)}`);
  }
  const op = readOp(reader, fields.get('op'), map);
  const bound = readValue(reader, fields.get('value'), map, true);
  const minSlices = reader.number(fields.get('min_slices'), 'min_slices', map, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 1;
  if (key === undefined || op === undefined || bound === undefined) return null;
  return { kind: 'slices', ...base, pattern: key, op, bound, minSlices };
}

/** "metrics.recall/segment=*" or "metrics.`recall/segment=*`" → "recall/segment=*". */
function slicePattern(text: string): string | undefined {
  const found = /^(?:metrics?\.)(`?)(.+)\1$/.exec(text);
  const key = found?.[2];
  return key !== undefined && key.includes('*') ? key : undefined;
}

function readLineageObject(reader: SpecReader, map: YAMLMap, fields: Fields, base: Base): GateRule | null {
  const node = fields.get('lineage');
  const text = reader.string(node, 'lineage', map);
  const requirement = LINEAGE.find((r) => r === text);
  if (text !== undefined && requirement === undefined) reader.problem(node, `unknown lineage '${text}' (expected one of ${LINEAGE.join(', ')})`);
  const nameNode = fields.get('name');
  const dataset = reader.string(nameNode, 'name', map) ?? null;
  if (dataset !== null && requirement !== undefined && requirement !== 'dataset') reader.problem(nameNode, `name (a dataset name) applies to lineage: dataset only`);
  return requirement === undefined ? null : { kind: 'lineage', ...base, requirement, dataset };
}

function readBootstrapObject(reader: SpecReader, map: YAMLMap, node: Node | null | undefined, base: Base): BootstrapRule | null {
  if (!isMap(node)) {
    reader.problem(node ?? map, `bootstrap must be a mapping of ${BOOTSTRAP_FIELDS.join(', ')}`);
    return null;
  }
  const fields = reader.fields(node, BOOTSTRAP_FIELDS, 'bootstrap');
  const required = (name: string): Node | null | undefined => fields.get(name) ?? (reader.problem(node, `bootstrap: ${name} is required`), undefined);
  const predictions = reader.string(required('predictions'), 'predictions', node);
  const championPredictions = reader.string(fields.get('champion_predictions'), 'champion_predictions', node) ?? predictions;
  const metricNode = required('metric');
  const metricText = reader.string(metricNode, 'metric', node);
  const metric = BOOTSTRAP_METRICS.find((m): m is BootstrapMetric => m === metricText);
  if (metricText !== undefined && metric === undefined) reader.problem(metricNode, `unknown bootstrap metric '${metricText}' (expected one of ${BOOTSTRAP_METRICS.join(', ')})`);
  const resamples = reader.number(fields.get('resamples'), 'resamples', node, (n) => Number.isInteger(n) && n >= 10 && n <= MAX_BOOTSTRAP_RESAMPLES, `a whole number from 10 to ${MAX_BOOTSTRAP_RESAMPLES}`) ?? 1000;
  const seed = reader.number(fields.get('seed'), 'seed', node, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'a whole number from 0 to 2^32 − 1') ?? 0;
  const confidence = reader.number(fields.get('confidence'), 'confidence', node, (n) => n > 0 && n < 1, 'a number between 0 and 1 (such as 0.95)') ?? 0.95;
  const minDelta = reader.number(fields.get('min_delta'), 'min_delta', node, Number.isFinite, 'a number') ?? 0;
  if (predictions === undefined || championPredictions === undefined || metric === undefined) return null;
  return { kind: 'bootstrap', ...base, predictions, championPredictions, metric, resamples, seed, confidence, minDelta };
}

/** An object rule as one line, for results and reports: as written when it is a flow mapping, else `{ metric: auc, op: ">=", value: 0.9 }`. */
function compactText(reader: SpecReader, map: YAMLMap): string {
  if (map.flow === true) {
    const source = reader.oneLineSource(map);
    if (source !== undefined) return source;
  }
  return stringify(map.toJSON(), { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

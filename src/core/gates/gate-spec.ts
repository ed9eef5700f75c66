/**
 * A gate spec from its YAML text (docs/ci-cd.md, "Gates"). Every problem is collected with its
 * line and column in the file (YAML syntax, unknown fields, wrong types, a typo'd operator
 * inside a rule expression) and thrown at once as one INVALID_PARAMETER_VALUE whose details
 * list them, so the CLI prints `FILE:LINE:COL: message` for each and the user fixes the file
 * in one pass.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { MAX_GATE_SPEC_BYTES, type GateSpecErrorDetails, type GateSpecProblemWire } from '../../api/strata-gates.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { StrataError } from '../errors.js';
import { validateAliasName, validateModelName } from '../registry-validation.js';
import { readRule } from './gate-rule-reader.js';
import { SpecReader } from './gate-spec-reader.js';
import type { GateChampionSpec, GateRule, GateSpec, ParsedGateSpec } from './gate-spec-types.js';

export type * from './gate-spec-types.js';

export const MAX_GATE_RULES = 1000;
const GATE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const TOP_FIELDS = ['name', 'description', 'model', 'champion', 'rules'];

export function parseGateSpec(text: string): ParsedGateSpec {
  if (text.length > MAX_GATE_SPEC_BYTES) {
    throw gateSpecError([{ line: 1, column: 1, message: `the spec is larger than ${MAX_GATE_SPEC_BYTES} bytes` }]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new SpecReader(lines, text);
  for (const error of doc.errors) reader.problemAt(error.pos[0], `${error.message}${yamlHint(error.message)}`);
  if (reader.problems.length > 0) throw gateSpecError(reader.problems);
  const contents = doc.contents;
  if (!isMap(contents)) throw gateSpecError([{ line: 1, column: 1, message: 'a gate spec is a mapping with name and rules (see docs/ci-cd.md)' }]);
  const spec = readSpec(reader, contents);
  if (spec === null || reader.problems.length > 0) throw gateSpecError(reader.problems);
  return { spec, canonical: canonicalGateSpec(spec) };
}

/** `op: >=` is a YAML block scalar header, not a string: say what to write instead. */
function yamlHint(message: string): string {
  return /block scalar header/i.test(message) ? ' (quote operators in YAML: op: ">=")' : '';
}

/** INVALID_PARAMETER_VALUE listing every problem; `details.problems` carries them for clients. */
export function gateSpecError(problems: readonly GateSpecProblemWire[]): StrataError {
  const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
  const lines = sorted.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`);
  const details: GateSpecErrorDetails = { problems: sorted };
  return new StrataError('INVALID_PARAMETER_VALUE', `Invalid gate spec: ${lines.join('; ')}`, undefined, { ...details });
}

function readSpec(reader: SpecReader, map: YAMLMap): GateSpec | null {
  const fields = reader.fields(map, TOP_FIELDS, 'spec');
  const nameNode = fields.get('name');
  if (nameNode === undefined) reader.problem(map, 'name is required (the name policies refer to)');
  const name = reader.string(nameNode, 'name', map);
  if (name !== undefined && !GATE_NAME.test(name)) reader.problem(nameNode, `name must be 1 to 100 letters, digits, '_', '.' or '-', got '${name.slice(0, 40)}'`);
  const description = reader.string(fields.get('description'), 'description', map) ?? null;
  const modelNode = fields.get('model');
  const model = reader.string(modelNode, 'model', map);
  if (model !== undefined) reader.check(modelNode, () => validateModelName(model, 'model'));
  const champion = readChampion(reader, fields.get('champion'), map);
  const rules = readRules(reader, fields.get('rules'), map, champion !== null || fields.has('champion'));
  if (name === undefined || rules === null) return null;
  return { name, description, model: model ?? null, champion, rules };
}

/** `champion: production` or `champion: { alias: production, if_missing: pass }`. */
function readChampion(reader: SpecReader, node: Node | null | undefined, parent: YAMLMap): GateChampionSpec | null {
  if (node === undefined) return null;
  if (!isMap(node)) {
    const alias = reader.string(node, 'champion (an alias, or { alias, if_missing })', parent);
    return alias !== undefined && reader.check(node, () => validateAliasName(alias)) !== undefined ? { alias, ifMissing: 'error' } : null;
  }
  const fields = reader.fields(node, ['alias', 'if_missing'], 'champion');
  const aliasNode = fields.get('alias');
  if (aliasNode === undefined) reader.problem(node, 'champion: alias is required');
  const alias = reader.string(aliasNode, 'champion.alias', node);
  if (alias !== undefined) reader.check(aliasNode, () => validateAliasName(alias));
  const ifMissingNode = fields.get('if_missing');
  const ifMissing = reader.string(ifMissingNode, 'champion.if_missing', node) ?? 'error';
  if (ifMissing !== 'error' && ifMissing !== 'pass') reader.problem(ifMissingNode, `champion.if_missing must be error or pass, got '${ifMissing}'`);
  return alias === undefined || (ifMissing !== 'error' && ifMissing !== 'pass') ? null : { alias, ifMissing };
}

function readRules(reader: SpecReader, node: Node | null | undefined, parent: YAMLMap, hasChampion: boolean): GateRule[] | null {
  if (node === undefined) {
    reader.problem(parent, 'rules is required (a list of rules)');
    return null;
  }
  if (!isSeq(node) || node.items.length === 0) {
    reader.problem(node ?? parent, 'rules must be a non-empty list of rules');
    return null;
  }
  if (node.items.length > MAX_GATE_RULES) reader.problem(node, `at most ${MAX_GATE_RULES} rules`);
  const rules: GateRule[] = [];
  for (const item of node.items) {
    const rule = readRule(reader, (item ?? null) as Node | null);
    // Comparing with a champion the spec does not name is a mistake in the file: say where.
    if (rule !== null && !hasChampion && usesChampion(rule)) {
      reader.problem(item as Node, 'this rule compares with the champion but the spec names none (add champion: { alias: production })');
    }
    if (rule !== null) rules.push(rule);
  }
  return rules;
}

export function usesChampion(rule: GateRule): boolean {
  if (rule.kind === 'bootstrap') return true;
  return (rule.kind === 'compare' || rule.kind === 'slices') && rule.bound.kind === 'champion';
}

/** What the gate service must resolve before evaluating: the champion's alias and, for a bare run, the model. */
export function championAliasOf(spec: GateSpec): { alias: string; model: string | null; ifMissing: 'error' | 'pass' } | null {
  return spec.champion === null ? null : { alias: spec.champion.alias, model: spec.model, ifMissing: spec.champion.ifMissing };
}

function canonicalGateSpec(spec: GateSpec): string {
  const rules = spec.rules.map(({ text: _text, line: _line, ...meaning }) => meaning);
  return canonicalJson({ ...spec, rules });
}

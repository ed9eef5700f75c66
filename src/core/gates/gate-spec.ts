/**
 * LOCAL STUB of the gate spec parser (the gate-engine branch owns the real one): just enough
 * YAML-ish text for the gate service's tests — `name:`, `model:`, `champion: { alias: X }`,
 * and `rules:` items `- metrics.KEY OP NUMBER` or `- metrics.KEY OP champion [+-*] NUMBER` —
 * with every problem's line and column. Replaced by `git merge gate-engine`.
 */
import { StrataError } from '../errors.js';

export type GateOperator = '>=' | '>' | '<=' | '<' | '==' | '!=';

export interface GateRuleSpec {
  text: string;
  line: number;
  metric: string;
  op: GateOperator;
  value: number;
  /** When set, the bound is champion's value combined with `value` by this operator. */
  champion: '+' | '-' | '*' | null;
}

export interface GateSpec {
  name: string;
  /** The model whose champion a bare run is compared with. */
  model?: string;
  champion?: { alias: string };
  rules: GateRuleSpec[];
}

interface Problem {
  line: number;
  column: number;
  message: string;
}

const RULE = /^metrics\.([\w./=*-]+)\s*(>=|<=|==|!=|>|<)\s*(?:(champion)\s*(?:([+*-])\s*)?)?(-?\d+(?:\.\d+)?)?$/;

function parseRule(text: string, line: number, column: number, problems: Problem[]): GateRuleSpec | undefined {
  const match = RULE.exec(text);
  if (!match) {
    problems.push({ line, column, message: `not a rule: '${text}' (expected metrics.KEY OP NUMBER)` });
    return undefined;
  }
  const [, metric = '', op = '>=', champion, combine, number] = match;
  if (champion === undefined && number === undefined) {
    problems.push({ line, column, message: `rule '${text}' has no bound` });
    return undefined;
  }
  const value = number === undefined ? (combine === '*' ? 1 : 0) : Number(number);
  return { text, line, metric, op: op as GateOperator, value, champion: champion === undefined ? null : ((combine ?? '+') as '+' | '-' | '*') };
}

export function parseGateSpec(text: string): { spec: GateSpec; canonical: string } {
  const problems: Problem[] = [];
  let name: string | undefined;
  let model: string | undefined;
  let champion: { alias: string } | undefined;
  const rules: GateRuleSpec[] = [];
  let inRules = false;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (content.trim() === '') return;
    const item = /^(\s+)-\s+(.*)$/.exec(content);
    if (inRules && item) {
      const rule = parseRule((item[2] ?? '').trim(), line, (item[1] ?? '').length + 3, problems);
      if (rule) rules.push(rule);
      return;
    }
    const field = /^([\w-]+):\s*(.*)$/.exec(content);
    if (!field) {
      problems.push({ line, column: 1, message: 'expected `key: value`' });
      return;
    }
    const [, key = '', value = ''] = field;
    inRules = key === 'rules';
    if (key === 'name') name = value.trim();
    else if (key === 'model') model = value.trim();
    else if (key === 'champion') {
      const alias = /^\{\s*alias:\s*([\w-]+)\s*\}$/.exec(value.trim())?.[1];
      if (alias === undefined) problems.push({ line, column: key.length + 3, message: 'champion must be { alias: NAME }' });
      else champion = { alias };
    } else if (key !== 'rules') problems.push({ line, column: 1, message: `unknown field '${key}'` });
  });
  if (name === undefined || name === '') problems.push({ line: 1, column: 1, message: 'a gate spec needs a name' });
  if (problems.length > 0) {
    throw new StrataError('INVALID_PARAMETER_VALUE', `Invalid gate spec: ${problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`).join('; ')}`, 400, { problems });
  }
  const spec: GateSpec = { name: name ?? '', ...(model === undefined ? {} : { model }), ...(champion === undefined ? {} : { champion }), rules };
  const canonical = JSON.stringify({ ...spec, rules: rules.map(({ line: _line, ...rule }) => rule) });
  return { spec, canonical };
}

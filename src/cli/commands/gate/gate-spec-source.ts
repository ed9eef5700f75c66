/**
 * Where `strata gate`'s spec comes from — a file (`--spec`, default strata.gate.yaml) or
 * `--require` expressions made into a spec — and how the server's spec problems are printed
 * against it: `FILE:LINE:COL: message` for a file, the expression and its column for --require.
 */
import type { GateSpecProblemWire } from '../../../api/strata-gates.js';

export type SpecSource =
  | { kind: 'file'; path: string; text: string }
  | { kind: 'require'; expressions: string[]; text: string; firstRuleLine: number };

const RULE_PREFIX = "  - '";

/**
 * A spec from --require expressions: each rule a single-quoted YAML string on its own line,
 * so a problem's line says which expression and its column where in it.
 */
export function specFromRequire(expressions: readonly string[], name: string, champion: string | undefined): SpecSource {
  const head = [`name: ${quote(name)}`, ...(champion === undefined ? [] : [`champion: ${quote(champion)}`]), 'rules:'];
  const rules = expressions.map((expression) => `${RULE_PREFIX}${expression.replace(/\r?\n/g, ' ').replaceAll("'", "''")}'`);
  return { kind: 'require', expressions: [...expressions], text: `${[...head, ...rules].join('\n')}\n`, firstRuleLine: head.length + 1 };
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function formatSpecProblem(problem: GateSpecProblemWire, source: SpecSource): string {
  if (source.kind === 'file') return `${source.path}:${problem.line}:${problem.column}: ${problem.message}`;
  const index = problem.line - source.firstRuleLine;
  const expression = source.expressions[index];
  if (expression === undefined) return `--require spec: ${problem.message}`;
  return `--require '${expression}':${columnInExpression(expression, problem.column)}: ${problem.message}`;
}

/** The YAML column back to the expression's: less the prefix and quote, and one per doubled quote before it. */
function columnInExpression(expression: string, yamlColumn: number): number {
  let offset = yamlColumn - RULE_PREFIX.length - 1;
  let column = 0;
  for (const ch of expression) {
    if (offset <= 0) break;
    offset -= ch === "'" ? 2 : 1;
    column += 1;
  }
  return Math.max(1, column + 1);
}

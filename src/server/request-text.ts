/**
 * Rules for every string a request carries, whatever field it lands in, checked once where
 * the request is read rather than in each rule of core:
 * - no NUL (U+0000): PostgreSQL's text cannot hold it (a 500 there) while SQLite stores it;
 *   refusing it on both keeps the two databases alike;
 * - well-formed UTF-16: JSON may spell a lone surrogate ("\ud800"), which is not text;
 *   stored, it turns into U+FFFD and the name can never be found again.
 * JSON bodies also nest at most MAX_JSON_NESTING_DEPTH deep (MLflow's requests nest 4 deep),
 * so nothing that walks a body later, an error message included, can overflow the stack.
 */
import { MAX_JSON_NESTING_DEPTH } from '../api/limits.js';
import { invalidParameter } from '../core/errors.js';
import { shortenForMessage } from '../core/shorten-for-message.js';

type Problem =
  /** `path`: keys and indexes from the outside in, filled in as the search unwinds. */
  | { kind: 'text'; path: Array<string | number>; reason: string }
  | { kind: 'nesting' };

/**
 * Refuses a parsed JSON body that breaks a rule above, naming the field. `text` is the body
 * as received: JSON can carry NUL or a lone surrogate only as a \u escape (JSON.parse refuses
 * a raw NUL, and decoding UTF-8 never yields a lone surrogate), so a body without one needs
 * only the nesting walk, about a fifth of the cost for a 1,000-metric log-batch.
 */
export function checkJsonBody(body: unknown, text: string): void {
  const problem = findProblem(body, 0, text.includes('\\u'));
  if (problem) throw invalidParameter(`Invalid request body: ${describe(problem, 'field')}`);
}

/** Refuses query-string parameters (strings or lists of them) that break a rule above. */
export function checkQueryFields(query: unknown): void {
  const problem = findProblem(query, 0, true);
  if (problem) throw invalidParameter(`Invalid query string: ${describe(problem, 'parameter')}`);
}

/** Refuses decoded path parameters (`/datasets/:name`, an artifact path) that break a rule above. */
export function checkPathParams(params: unknown): void {
  const problem = typeof params === 'object' && params !== null ? findProblem(Object.values(params), 0, true) : undefined;
  if (problem?.kind === 'text') throw invalidParameter(`Invalid URL path: it ${problem.reason}`);
}

function describe(problem: Problem, what: string): string {
  if (problem.kind === 'nesting') return `arrays and objects nest more than ${MAX_JSON_NESTING_DEPTH} levels deep.`;
  const subject = problem.path.length === 0 ? 'the value' : `${what} '${shortenForMessage(printable(formatPath(problem.path)))}'`;
  return `${subject} ${problem.reason}`;
}

// Written for speed (it sees every request): no allocation unless something is wrong.
function findProblem(value: unknown, depth: number, checkText: boolean): Problem | undefined {
  if (typeof value === 'string') return checkText ? textProblem(value) : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_NESTING_DEPTH) return { kind: 'nesting' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const problem = findProblem(value[i], depth + 1, checkText);
      if (problem) return within(i, problem);
    }
    return undefined;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const problem = (checkText ? textProblem(key) : undefined) ?? findProblem(object[key], depth + 1, checkText);
    if (problem) return within(key, problem);
  }
  return undefined;
}

function within(step: string | number, problem: Problem): Problem {
  if (problem.kind === 'text') problem.path.unshift(step);
  return problem;
}

function textProblem(text: string): Problem | undefined {
  if (text.includes('\0')) return { kind: 'text', path: [], reason: 'contains a NUL character (U+0000), which cannot be stored.' };
  if (!text.isWellFormed()) {
    return { kind: 'text', path: [], reason: 'is not valid Unicode text (it contains a lone UTF-16 surrogate).' };
  }
  return undefined;
}

/** A key may itself hold the NUL or lone surrogate: shown escaped, as JSON would spell it. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  return text.replace(/[\u0000-\u001f\u007f-\u009f]|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `tags[0].value` */
function formatPath(path: Array<string | number>): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

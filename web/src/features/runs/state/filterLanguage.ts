// The run filter language as the filter box sees it: a tokenizer that never throws (text being
// typed is mostly invalid; the server's parser in src/core/search has the last word and its
// error is shown at its position) and what may come next at the caret, for autocomplete.
// Self-contained (no imports) so Node's tests load it as it is.

type KeyKind = 'metrics' | 'params' | 'tags';

/** A key of the experiment and how many runs have it (structurally an AvailableKey). */
export interface FilterKey {
  kind: KeyKind;
  key: string;
  count: number;
}

/** A key as the search language quotes it: backticks unless it is a plain identifier. */
export function quoteKey(key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return key;
  return key.includes('`') ? `"${key.replaceAll('"', '\\"')}"` : `\`${key}\``;
}

export type FilterTokenKind = 'prefix' | 'key' | 'attribute' | 'keyword' | 'op' | 'string' | 'number' | 'punct' | 'space' | 'unknown';

export interface FilterToken {
  kind: FilterTokenKind;
  text: string;
  /** 0-based offset of the token's first character. */
  start: number;
}

export const KEYWORDS = ['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE'] as const;
const KEYWORD_SET = new Set<string>(KEYWORDS);

/** The search prefixes of runs and the kind of key each one names (attributes have fixed names). */
const PREFIX_KINDS: Record<string, KeyKind | 'attributes'> = {
  metrics: 'metrics', metric: 'metrics',
  params: 'params', param: 'params', parameters: 'params', parameter: 'params',
  tags: 'tags', tag: 'tags',
  attributes: 'attributes', attribute: 'attributes', attr: 'attributes', run: 'attributes',
};

/** RunInfo's searchable attributes and whether each compares as a number. */
export const RUN_ATTRIBUTES: ReadonlyArray<{ name: string; numeric: boolean }> = [
  { name: 'run_name', numeric: false },
  { name: 'status', numeric: false },
  { name: 'user_id', numeric: false },
  { name: 'run_id', numeric: false },
  { name: 'artifact_uri', numeric: false },
  { name: 'start_time', numeric: true },
  { name: 'end_time', numeric: true },
];

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/;
const OPERATORS = ['!=', '<=', '>=', '=', '<', '>'];

/** Every character of `text` in exactly one token, so the highlighted mirror lines up with the input. */
export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let pos = 0;
  while (pos < text.length) {
    const token = readToken(text, pos);
    tokens.push(token);
    pos += token.text.length;
  }
  return tokens;
}

function readToken(text: string, pos: number): FilterToken {
  const rest = text.slice(pos);
  const ch = rest.charAt(0);
  const space = /^\s+/.exec(rest);
  if (space) return { kind: 'space', text: space[0], start: pos };
  if (ch === '(' || ch === ')' || ch === ',') return { kind: 'punct', text: ch, start: pos };
  if (ch === "'" || ch === '"' || ch === '`') return { kind: ch === '`' ? 'key' : 'string', text: readQuoted(rest), start: pos };
  const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
  if (word) return { kind: wordKind(word[0]), text: word[0], start: pos };
  const number = NUMBER.exec(rest);
  if (number) return { kind: 'number', text: number[0], start: pos };
  const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (op) return { kind: 'op', text: op, start: pos };
  return { kind: 'unknown', text: ch, start: pos };
}

/** Up to and including the closing quote (doubled quotes stay inside), or to the end when unterminated. */
function readQuoted(rest: string): string {
  const quote = rest.charAt(0);
  let i = 1;
  while (i < rest.length) {
    if (rest.charAt(i) !== quote) i += 1;
    else if (rest.charAt(i + 1) === quote) i += 2;
    else return rest.slice(0, i + 1);
  }
  return rest;
}

function wordKind(word: string): FilterTokenKind {
  if (KEYWORD_SET.has(word.toUpperCase())) return 'keyword';
  const dot = word.indexOf('.');
  if (dot < 0) return 'attribute';
  return Object.hasOwn(PREFIX_KINDS, word.slice(0, dot)) ? 'prefix' : 'unknown';
}

/** Length of a prefix word's `metrics.` part, to color it apart from the key. */
export function prefixLength(word: string): number {
  return word.indexOf('.') + 1;
}

export interface Suggestion {
  /** What the list shows. */
  label: string;
  /** What replaces the text from `from` to the caret. */
  insert: string;
  kind: 'prefix' | 'key' | 'attribute' | 'operator' | 'keyword';
  /** How many runs have the key. */
  count?: number;
  /** Keep the list open after inserting (a prefix is followed by a key). */
  chain?: boolean;
}

export interface Completion {
  /** Offset where the replaced text starts. */
  from: number;
  suggestions: Suggestion[];
}

const MAX_SUGGESTIONS = 50;
const PREFIXES: ReadonlyArray<{ prefix: string; hint: string }> = [
  { prefix: 'metrics.', hint: 'metric' },
  { prefix: 'params.', hint: 'param' },
  { prefix: 'tags.', hint: 'tag' },
  { prefix: 'attributes.', hint: 'attribute' },
];

const NUMERIC_OPERATORS = ['>', '>=', '<', '<=', '=', '!=', 'IS NULL', 'IS NOT NULL'];
const STRING_OPERATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN (', 'NOT IN (', 'IS NULL', 'IS NOT NULL'];

/**
 * What may be typed at `caret`: a field (prefix, key, attribute) at the start of a comparison,
 * an operator after a field, AND/OR after a value. Undefined inside strings and values.
 */
export function completeFilter(text: string, caret: number, keys: readonly FilterKey[]): Completion | undefined {
  const tokens = tokenizeFilter(text.slice(0, caret)).filter((t) => t.kind !== 'space');
  const last = tokens[tokens.length - 1];
  let typing = last !== undefined && last.start + last.text.length === caret && /^[A-Za-z_`]/.test(last.text) && !isClosedQuote(last.text) ? last : undefined;
  // Right after a value or an operator, with no space yet, the user is still typing it.
  if (!typing && last !== undefined && last.start + last.text.length === caret && last.text !== '(') return undefined;
  let before = typing ? tokens.slice(0, -1) : tokens;
  // metrics.`my ke: the prefix and the quoted key being typed are one field.
  const previous = before[before.length - 1];
  if (typing?.text.startsWith('`') && previous?.kind === 'prefix' && previous.text.endsWith('.') && previous.start + previous.text.length === typing.start) {
    typing = { kind: 'prefix', text: previous.text + typing.text.slice(1), start: previous.start };
    before = before.slice(0, -1);
  }
  const place = placeAfter(before);
  const partial = typing?.text ?? '';
  const from = typing?.start ?? caret;
  if (place === 'field') return { from, suggestions: fieldSuggestions(partial, keys) };
  if (place.startsWith('operator')) {
    const operators = place === 'operator-number' ? NUMERIC_OPERATORS : STRING_OPERATORS;
    return { from, suggestions: matching(operators, partial).map((op) => ({ label: op, insert: `${op}${op.endsWith('(') ? '' : ' '}`, kind: 'operator' })) };
  }
  if (place === 'connective') return { from, suggestions: matching(['AND', 'OR'], partial).map((k) => ({ label: k, insert: `${k} `, kind: 'keyword' })) };
  return undefined;
}

type Place = 'field' | 'operator-number' | 'operator-string' | 'connective' | 'value' | 'none';

/** Where the next token goes, from the complete tokens before it (a small state machine, not a parser). */
function placeAfter(tokens: readonly FilterToken[]): Place {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return 'field';
  const upper = last.text.toUpperCase();
  if (last.kind === 'keyword') {
    if (upper === 'AND' || upper === 'OR' || upper === 'NOT') return isAfterField(tokens) && upper === 'NOT' ? 'value' : 'field';
    if (upper === 'NULL') return 'connective';
    return 'value';
  }
  if (last.text === '(') return tokens[tokens.length - 2]?.text.toUpperCase() === 'IN' ? 'value' : 'field';
  if (last.kind === 'op') return 'value';
  if (last.kind === 'prefix' || last.kind === 'attribute' || (last.kind === 'key' && !isValuePosition(tokens))) return operatorPlace(tokens);
  if (last.kind === 'string' || last.kind === 'number' || last.text === ')') return isInsideIn(tokens) ? 'none' : 'connective';
  return 'none';
}

function isClosedQuote(text: string): boolean {
  return text.length > 1 && text.startsWith('`') && text.endsWith('`');
}

function isAfterField(tokens: readonly FilterToken[]): boolean {
  const previous = tokens[tokens.length - 2];
  return previous !== undefined && (previous.kind === 'prefix' || previous.kind === 'attribute' || previous.kind === 'key');
}

/** A backquoted token right after an operator is a value, not a key. */
function isValuePosition(tokens: readonly FilterToken[]): boolean {
  const previous = tokens[tokens.length - 2];
  return previous?.kind === 'op';
}

function isInsideIn(tokens: readonly FilterToken[]): boolean {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t?.text === ')') depth += 1;
    else if (t?.text === '(') {
      if (depth === 0) return tokens[i - 1]?.text.toUpperCase() === 'IN';
      depth -= 1;
    }
  }
  return false;
}

/** Numeric operators for metrics and time attributes, string ones for the rest. */
function operatorPlace(tokens: readonly FilterToken[]): Place {
  const field = tokens[tokens.length - 1];
  const word = field?.kind === 'key' ? tokens[tokens.length - 2] : field;
  const text = word?.text ?? '';
  const dot = text.indexOf('.');
  const prefix = dot < 0 ? 'attributes' : PREFIX_KINDS[text.slice(0, dot)];
  if (prefix === 'metrics') return 'operator-number';
  const name = dot < 0 ? text : text.slice(dot + 1);
  if (prefix === 'attributes' && RUN_ATTRIBUTES.some((a) => a.numeric && a.name === name)) return 'operator-number';
  return 'operator-string';
}

function matching(options: readonly string[], partial: string): string[] {
  const upper = partial.toUpperCase();
  return options.filter((o) => o.toUpperCase().startsWith(upper) && o.toUpperCase() !== upper);
}

function fieldSuggestions(partial: string, keys: readonly FilterKey[]): Suggestion[] {
  const dot = partial.indexOf('.');
  if (dot < 0 || partial.startsWith('`')) {
    const prefixes: Suggestion[] = PREFIXES.filter((p) => p.prefix.startsWith(partial.toLowerCase())).map((p) => ({ label: p.prefix, insert: p.prefix, kind: 'prefix', chain: true }));
    // A bare word may also be a key typed without its prefix: offer the matching keys too.
    return partial === '' ? prefixes : [...prefixes, ...keySuggestions(undefined, partial.replace(/^`/, ''), keys)].slice(0, MAX_SUGGESTIONS);
  }
  const prefix = partial.slice(0, dot);
  const kind = PREFIX_KINDS[prefix];
  const typed = partial.slice(dot + 1);
  if (kind === undefined) return [];
  if (kind === 'attributes') {
    return RUN_ATTRIBUTES.filter((a) => a.name.startsWith(typed) && a.name !== typed).map((a) => ({ label: a.name, insert: `${prefix}.${a.name} `, kind: 'attribute' }));
  }
  return keySuggestions(kind, typed, keys, prefix);
}

/** Keys of one kind (or every kind) containing the typed text, those starting with it first, then by run count. */
function keySuggestions(kind: KeyKind | undefined, typed: string, keys: readonly FilterKey[], prefix?: string): Suggestion[] {
  const needle = typed.toLowerCase();
  const scored: Array<{ key: FilterKey; rank: number }> = [];
  for (const key of keys) {
    if (kind !== undefined && key.kind !== kind) continue;
    const at = key.key.toLowerCase().indexOf(needle);
    if (at < 0 || key.key === typed) continue;
    scored.push({ key, rank: at === 0 ? 0 : 1 });
    if (scored.length > 2_000) break;
  }
  scored.sort((a, b) => a.rank - b.rank || b.key.count - a.key.count || a.key.key.localeCompare(b.key.key));
  return scored.slice(0, MAX_SUGGESTIONS).map(({ key }) => ({
    label: kind === undefined ? `${key.kind}.${key.key}` : key.key,
    insert: `${prefix ?? key.kind}.${quoteKey(key.key)} `,
    kind: 'key',
    count: key.count,
  }));
}

/**
 * A model policy from its document (the API's JSON or the CLI's YAML, one shape): every
 * problem is reported with the path of the field it is in (`protected_aliases.production.
 * approvals: …`), all at once, so a YAML file is fixed in one pass. Nothing is stored unless
 * the whole document is valid.
 */
import { DEFAULT_PROMOTION_EXPIRY, type ProtectedAliasRuleWire } from '../../api/strata-promotions.js';
import { invalidParameter } from '../errors.js';
import { validateAliasName } from '../registry-validation.js';
import { formatDurationText, parseDurationText } from './duration-text.js';
import type { ApproverSet, PromotionConditions, ProtectedAliasRule } from './promotion-entities.js';

const MAX_PROTECTED_ALIASES = 50;
const MAX_APPROVERS = 500;
const MAX_EXPIRY_MS = 365 * 86_400_000;

const MAX_GATES = 50;
const GATE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const RULE_FIELDS = new Set(['auto', 'approvals', 'approvers', 'allow_self_approval', 'expiry', 'conditions']);
const CONDITION_FIELDS = new Set(['gates', 'gate', 'dataset_logged', 'git_commit']);
const NO_CONDITIONS: PromotionConditions = { gates: [], datasetLogged: false, gitCommit: false };

type Problems = string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function unknownFields(path: string, value: Record<string, unknown>, known: Set<string>, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) problems.push(`${path}.${key}: unknown field (expected one of ${[...known].join(', ')})`);
  }
}

function names(path: string, value: unknown, problems: Problems): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be a list of names, got ${describe(value)}`);
    return [];
  }
  const out: string[] = [];
  value.forEach((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') problems.push(`${path}[${index}]: must be a non-empty name, got ${describe(item)}`);
    else out.push(item.trim());
  });
  return [...new Set(out)];
}

function approvers(path: string, value: unknown, problems: Problems): ApproverSet {
  if (!isRecord(value)) {
    problems.push(`${path}: must map users and/or groups to lists of names, got ${describe(value)}`);
    return { users: [], groups: [] };
  }
  unknownFields(path, value, new Set(['users', 'groups']), problems);
  const set = { users: names(`${path}.users`, value.users, problems), groups: names(`${path}.groups`, value.groups, problems) };
  const count = set.users.length + set.groups.length;
  if (count === 0) problems.push(`${path}: name at least one user or group`);
  if (count > MAX_APPROVERS) problems.push(`${path}: at most ${MAX_APPROVERS} users and groups`);
  return set;
}

function flag(path: string, value: unknown, problems: Problems): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') problems.push(`${path}: must be true or false, got ${describe(value)}`);
  return value === true;
}

function gateName(path: string, value: unknown, problems: Problems): string | undefined {
  if (typeof value === 'string' && GATE_NAME.test(value)) return value;
  problems.push(`${path}: must be a gate name of letters, digits, '.', '_' or '-', got ${describe(value)}`);
  return undefined;
}

/** `gates: [a, b]`, or the older `gate: a` (a one-item list); not both. */
function gateList(path: string, value: Record<string, unknown>, problems: Problems): string[] {
  const hasList = value.gates !== undefined && value.gates !== null;
  const hasOne = value.gate !== undefined && value.gate !== null;
  if (hasList && hasOne) problems.push(`${path}: give gates (a list) or gate (one name), not both`);
  if (hasOne && !hasList) {
    const one = gateName(`${path}.gate`, value.gate, problems);
    return one === undefined ? [] : [one];
  }
  if (!hasList) return [];
  if (!Array.isArray(value.gates)) {
    problems.push(`${path}.gates: must be a list of gate names, got ${describe(value.gates)}`);
    return [];
  }
  if (value.gates.length > MAX_GATES) problems.push(`${path}.gates: at most ${MAX_GATES} gates`);
  const out = value.gates.map((item, index) => gateName(`${path}.gates[${index}]`, item, problems));
  return [...new Set(out.filter((gate): gate is string => gate !== undefined))];
}

function conditions(path: string, value: unknown, problems: Problems): PromotionConditions {
  if (value === undefined || value === null) return { ...NO_CONDITIONS };
  if (!isRecord(value)) {
    problems.push(`${path}: must be a mapping (gates, dataset_logged, git_commit), got ${describe(value)}`);
    return { ...NO_CONDITIONS };
  }
  unknownFields(path, value, CONDITION_FIELDS, problems);
  return {
    gates: gateList(path, value, problems),
    datasetLogged: flag(`${path}.dataset_logged`, value.dataset_logged, problems),
    gitCommit: flag(`${path}.git_commit`, value.git_commit, problems),
  };
}

/** Whole approvals from 1; an auto rule takes none (0, the default when `auto: true`). */
function approvalCount(path: string, value: unknown, auto: boolean, problems: Problems): number {
  if (auto) {
    if (value !== undefined && value !== null && value !== 0) {
      problems.push(`${path}: must be 0 (or left out) with auto: true, which applies a promotion whose conditions hold without approvals, got ${describe(value)}`);
    }
    return 0;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_APPROVERS) {
    problems.push(`${path}: must be a whole number from 1 to ${MAX_APPROVERS}, got ${describe(value)} (0 only with auto: true)`);
    return 1;
  }
  return value;
}

function expiry(path: string, value: unknown, problems: Problems): number {
  const text = value === undefined || value === null ? DEFAULT_PROMOTION_EXPIRY : value;
  const ms = typeof text === 'string' ? parseDurationText(text) : undefined;
  if (ms === undefined || ms > MAX_EXPIRY_MS) {
    problems.push(`${path}: must be a duration such as 72h, 30m or 7d, at most 365d, got ${describe(value)}`);
    return 0;
  }
  return ms;
}

function aliasProblem(alias: string): string | undefined {
  try {
    validateAliasName(alias);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** An auto rule has nobody to approve and must have a gate to pass: auto with no gate would be an unprotected alias. */
function autoRuleProblems(path: string, value: Record<string, unknown>, parsed: ProtectedAliasRule, problems: Problems): void {
  const named = isRecord(value.approvers) && Object.values(value.approvers).some((list) => Array.isArray(list) && list.length > 0);
  if (named || (value.approvers !== undefined && value.approvers !== null && !isRecord(value.approvers))) {
    problems.push(`${path}.approvers: an auto rule takes no approvers (its conditions decide)`);
  }
  if (value.allow_self_approval === true) problems.push(`${path}.allow_self_approval: an auto rule takes no approvals`);
  if (parsed.conditions.gates.length === 0) problems.push(`${path}.conditions.gates: auto: true needs at least one gate (without one, any version would be promoted at once)`);
}

function rule(path: string, alias: string, value: unknown, problems: Problems): ProtectedAliasRule | undefined {
  const invalidAlias = aliasProblem(alias);
  if (invalidAlias !== undefined) problems.push(`${path}: ${invalidAlias}`);
  if (!isRecord(value)) {
    problems.push(`${path}: must be a mapping with approvals and approvers (or auto: true and gates), got ${describe(value)}`);
    return undefined;
  }
  unknownFields(path, value, RULE_FIELDS, problems);
  const auto = flag(`${path}.auto`, value.auto, problems);
  const parsed: ProtectedAliasRule = {
    alias,
    auto,
    approvals: approvalCount(`${path}.approvals`, value.approvals, auto, problems),
    approvers: auto ? { users: [], groups: [] } : approvers(`${path}.approvers`, value.approvers, problems),
    allowSelfApproval: flag(`${path}.allow_self_approval`, value.allow_self_approval, problems),
    expiryMs: expiry(`${path}.expiry`, value.expiry, problems),
    conditions: conditions(`${path}.conditions`, value.conditions, problems),
  };
  if (auto) autoRuleProblems(path, value, parsed, problems);
  const eligible = parsed.approvers.users.length;
  if (parsed.approvers.groups.length === 0 && eligible > 0 && eligible < parsed.approvals) {
    problems.push(`${path}.approvals: needs ${parsed.approvals} approvals but only ${eligible} users may approve`);
  }
  return parsed;
}

/** The rules of a policy document's `protected_aliases`; throws INVALID_PARAMETER_VALUE listing every problem. */
export function parseProtectedAliases(document: unknown): ProtectedAliasRule[] {
  const problems: Problems = [];
  const rules: ProtectedAliasRule[] = [];
  if (!isRecord(document)) {
    problems.push(`protected_aliases: must map alias names to rules, got ${describe(document)}`);
  } else {
    const entries = Object.entries(document);
    if (entries.length > MAX_PROTECTED_ALIASES) problems.push(`protected_aliases: at most ${MAX_PROTECTED_ALIASES} aliases`);
    for (const [alias, value] of entries) {
      const parsed = rule(`protected_aliases.${alias}`, alias, value, problems);
      if (parsed) rules.push(parsed);
    }
  }
  if (problems.length > 0) throw invalidParameter(`Invalid policy: ${problems.join('; ')}`);
  return rules.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}


/** A rule as its document spells it (the inverse of parsing): what the API answers and the audit log keeps. */
export function ruleDocument(rule: ProtectedAliasRule): ProtectedAliasRuleWire {
  const { gates, datasetLogged, gitCommit } = rule.conditions;
  // `auto` and `gates` are spelled only when set, so a rule without them reads as it always has.
  return {
    ...(rule.auto ? { auto: true } : {}),
    approvals: rule.approvals,
    approvers: { users: rule.approvers.users, groups: rule.approvers.groups },
    allow_self_approval: rule.allowSelfApproval,
    expiry: formatDurationText(rule.expiryMs),
    conditions: { ...(gates.length === 0 ? {} : { gates }), dataset_logged: datasetLogged, git_commit: gitCommit },
  };
}

/**
 * A rule as stored before migration 0016's time (one `gate`, no `auto`) or after: policies and
 * open requests keep their rules as JSON, so old rows are read in today's shape.
 */
export function storedRule(stored: unknown): ProtectedAliasRule {
  const raw = stored as ProtectedAliasRule & { conditions: PromotionConditions & { gate?: string } };
  const { gate, ...conditions } = raw.conditions;
  const gates = conditions.gates ?? (gate === undefined ? [] : [gate]);
  return { ...raw, auto: raw.auto ?? false, conditions: { ...conditions, gates } };
}

/** `protected_aliases` of a policy document: rules keyed by alias. */
export function protectedAliasesDocument(rules: readonly ProtectedAliasRule[]): Record<string, ProtectedAliasRuleWire> {
  return Object.fromEntries(rules.map((rule) => [rule.alias, ruleDocument(rule)]));
}

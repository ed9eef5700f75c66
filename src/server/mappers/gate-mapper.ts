/** Gate results to Strata's wire shape (src/api/strata-gates.ts): NaN and infinities travel as null. */
import type { GateResultWire, GateRuleResultWire } from '../../api/strata-gates.js';
import type { GateResult, GateRuleResult } from '../../core/gates/gate-entities.js';

function finite<T>(value: number | T): number | T | null {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Keeps optional numbers optional: absent stays absent, non-finite becomes null. */
function optionalNumber(key: string, value: number | null | undefined): Record<string, number | null> {
  return value === undefined ? {} : { [key]: value === null ? null : finite(value) };
}

function ruleToWire(rule: GateRuleResult): GateRuleResultWire {
  return {
    rule: rule.rule,
    line: rule.line,
    kind: rule.kind,
    status: rule.status,
    value: finite(rule.value),
    ...optionalNumber('champion_value', rule.championValue),
    ...optionalNumber('threshold', rule.threshold),
    ...optionalNumber('delta', rule.delta),
    message: rule.message,
    ...(rule.details === undefined ? {} : { details: JSON.parse(JSON.stringify(rule.details)) as Record<string, unknown> }),
  };
}

export function gateResultToWire(result: GateResult, recorded = true): GateResultWire {
  return {
    result_id: result.resultId,
    gate: result.gate,
    spec_hash: result.specHash,
    spec: result.specText,
    status: result.status,
    run_id: result.runId,
    ...(result.modelName === null ? {} : { model_name: result.modelName }),
    ...(result.version === null ? {} : { version: result.version }),
    ...(result.champion === null
      ? {}
      : { champion: { name: result.champion.modelName, alias: result.champion.alias, version: result.champion.version, run_id: result.champion.runId } }),
    rules: result.rules.map(ruleToWire),
    ran_by: result.ranBy,
    ...(result.ciJobUrl === null ? {} : { ci_job_url: result.ciJobUrl }),
    ...(Object.keys(result.ci).length === 0 ? {} : { ci: result.ci }),
    created_time: result.createdTime,
    recorded,
  };
}

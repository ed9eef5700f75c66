/** `strata gate`'s terminal output: a headline, then one row per rule (problems first). */
import type { GateResultWire } from '../../../api/strata-gates.js';
import { formatTable } from '../../format-table.js';
import { championOf, countByStatus, formatDelta, formatGateValue, rulesBySeverity, subjectOf } from './gate-report-values.js';

const MAX_RULE_WIDTH = 60;

export function formatGateTable(result: GateResultWire): string {
  const counts = countByStatus(result.rules);
  const champion = championOf(result);
  const headline = [
    `gate ${result.gate}: ${result.status.toUpperCase()} — ${subjectOf(result)}`,
    `${counts.passed} passed, ${counts.failed} failed, ${counts.error} error${counts.error === 1 ? '' : 's'}${champion === null ? '' : `; champion ${champion}`}`,
  ];
  const rows = rulesBySeverity(result.rules).map((rule) => [
    shorten(rule.rule), rule.status, formatGateValue(rule.value), formatGateValue(rule.champion_value), formatDelta(rule.delta), oneLine(rule.message),
  ]);
  const footer = result.recorded ? `recorded as ${result.result_id}` : 'not recorded (dry run)';
  return [...headline, '', formatTable(['RULE', 'STATUS', 'VALUE', 'CHAMPION', 'DELTA', 'MESSAGE'], rows), '', footer].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function shorten(text: string): string {
  const line = oneLine(text);
  return line.length <= MAX_RULE_WIDTH ? line : `${line.slice(0, MAX_RULE_WIDTH - 1)}…`;
}

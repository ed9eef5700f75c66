/**
 * A gate result as JUnit XML, which CI systems show natively (GitHub's test reporters,
 * GitLab's `artifacts:reports:junit`): one <testsuite> named after the gate, one <testcase>
 * per rule, <failure> for a failed rule and <error> for one that could not be judged.
 */
import type { GateResultWire, GateRuleResultWire } from '../../../api/strata-gates.js';
import { countByStatus, formatDelta, formatGateValue, subjectOf } from './gate-report-values.js';

export function formatGateJunit(result: GateResultWire): string {
  const counts = countByStatus(result.rules);
  const totals = `tests="${result.rules.length}" failures="${counts.failed}" errors="${counts.error}" skipped="0"`;
  const timestamp = new Date(result.created_time).toISOString().slice(0, 19);
  const properties = [
    ['gate', result.gate], ['status', result.status], ['subject', subjectOf(result)], ['spec_hash', result.spec_hash],
    ['result_id', result.result_id], ...(result.ci_job_url === undefined ? [] : [['ci_job_url', result.ci_job_url]]),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="strata gate" ${totals}>`,
    `  <testsuite name="${attr(result.gate)}" ${totals} timestamp="${timestamp}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name ?? '')}" value="${attr(value ?? '')}"/>`),
    '    </properties>',
    ...result.rules.map((rule) => testCase(result.gate, rule)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(gate: string, rule: GateRuleResultWire): string {
  const open = `    <testcase name="${attr(`line ${rule.line}: ${rule.rule}`)}" classname="${attr(`strata.gate.${gate}.${rule.kind}`)}"`;
  if (rule.status === 'passed') return `${open}/>`;
  const tag = rule.status === 'failed' ? 'failure' : 'error';
  const body = [
    rule.message, `value: ${formatGateValue(rule.value)}`, `champion: ${formatGateValue(rule.champion_value)}`,
    `delta: ${formatDelta(rule.delta)}`, `threshold: ${formatGateValue(rule.threshold)}`,
  ].join('\n');
  return `${open}>\n      <${tag} message="${attr(rule.message)}" type="${rule.status}">${text(body)}</${tag}>\n    </testcase>`;
}

/** Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/FFFF) are dropped. */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what XML forbids
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function text(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes, and line breaks as references (a raw one would be normalised to a space). */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

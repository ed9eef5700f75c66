/**
 * A gate result as a pull-request comment: a ✅/❌ headline with the gate and what it judged,
 * links to the run and model version in the dashboard and to the CI job, then one table row
 * per rule with failures and errors first. Everything that came from a user (rule text, names,
 * messages) is escaped, so a key with `|` or `*` cannot break the table or the formatting.
 */
import type { GateResultWire, GateRuleResultWire } from '../../../api/strata-gates.js';
import { countByStatus, formatDelta, formatGateValue, rulesBySeverity } from './gate-report-values.js';

export interface GateMarkdownOptions {
  /** The server the dashboard is served from (links go to `${trackingUri}/runs/…`). */
  trackingUri: string;
}

const ICON: Record<GateResultWire['status'], string> = { passed: '✅', failed: '❌', error: '⚠️' };
const RULE_ICON: Record<GateRuleResultWire['status'], string> = { passed: '✅ pass', failed: '❌ **fail**', error: '⚠️ **error**' };

export function formatGateMarkdown(result: GateResultWire, options: GateMarkdownOptions): string {
  const base = options.trackingUri.replace(/\/+$/, '');
  const counts = countByStatus(result.rules);
  const lines = [
    `## ${ICON[result.status]} Gate ${code(result.gate)} ${result.status}`,
    '',
    `**${counts.passed} passed, ${counts.failed} failed, ${counts.error} error${counts.error === 1 ? '' : 's'}** · ${subjectLinks(result, base)}`,
    '',
    ...facts(result, base).map((fact) => `- ${fact}`),
    '',
    '| | Rule | Value | Champion | Delta | Threshold | Why |',
    '|---|---|---:|---:|---:|---:|---|',
    ...rulesBySeverity(result.rules).map(ruleRow),
    ...sliceSections(result.rules),
  ];
  return `${lines.join('\n')}\n`;
}

function subjectLinks(result: GateResultWire, base: string): string {
  const run = `run ${link(result.run_id, `${base}/runs/${encodeURIComponent(result.run_id)}`)}`;
  if (result.model_name === undefined || result.version === undefined) return run;
  return `${link(`${result.model_name} v${result.version}`, versionUrl(base, result.model_name, result.version))} (${run})`;
}

function facts(result: GateResultWire, base: string): string[] {
  const out: string[] = [];
  const champion = result.champion;
  if (champion !== undefined) out.push(`Champion: ${link(`${champion.name} v${champion.version}`, versionUrl(base, champion.name, champion.version))} (@${escapeMarkdown(champion.alias)})`);
  if (result.ci_job_url !== undefined) out.push(`CI job: ${link(result.ci_job_url, result.ci_job_url)}`);
  const commit = result.ci?.commit;
  if (commit !== undefined) out.push(`Commit: ${code(commit)}`);
  out.push(`Spec: ${code(result.spec_hash.slice(0, 12))} · ran by ${escapeMarkdown(result.ran_by)} · ${result.recorded ? `result ${code(result.result_id)}` : 'dry run, not recorded'}`);
  return out;
}

function versionUrl(base: string, name: string, version: number): string {
  return `${base}/models/${encodeURIComponent(name)}/versions/${version}`;
}

function ruleRow(rule: GateRuleResultWire): string {
  const cells = [
    RULE_ICON[rule.status], code(rule.rule), formatGateValue(rule.value), formatGateValue(rule.champion_value),
    formatDelta(rule.delta), formatGateValue(rule.threshold), escapeMarkdown(rule.message),
  ];
  return `| ${cells.map((cell, i) => (i === 0 || i === 1 || i === 6 ? cell : escapeMarkdown(cell))).join(' | ')} |`;
}

interface SliceDetail {
  key: string;
  value: number | string | null;
  status: string;
  message: string;
}

/** Slice rules get a collapsible list of every slice, so the table stays one row per rule. */
function sliceSections(rules: readonly GateRuleResultWire[]): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    const slices = (rule.details?.slices ?? []) as SliceDetail[];
    if (rule.kind !== 'slices' || !Array.isArray(slices) || slices.length === 0) continue;
    out.push('', `<details><summary>Slices of ${escapeHtml(rule.rule)} (${slices.length})</summary>`, '', '| Slice | Value | Status | Why |', '|---|---:|---|---|');
    for (const s of slices) out.push(`| ${code(s.key)} | ${escapeMarkdown(formatGateValue(s.value))} | ${s.status} | ${escapeMarkdown(s.message)} |`);
    out.push('', '</details>');
  }
  return out;
}

function link(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${url.replace(/[()\s<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)})`;
}

/** Backslash-escapes Markdown's punctuation and table pipes; a line break becomes a space. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&]/g, (ch) => (ch === '&' ? '&amp;' : `\\${ch}`));
}

/**
 * A code span that holds any text: a fence longer than the text's longest run of backticks,
 * and pipes escaped (GitHub's tables split on `|` even inside code).
 */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch);
}

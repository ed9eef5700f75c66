import { Fragment, useState } from 'react';
import { ErrorState } from '../../../components/states/ErrorState';
import { formatTime } from '../../../lib/format';
import type { GateResultWire, GateRuleResultWire } from '../../../lib/strata';
import { useLatestGateResults } from '../api/useGateResults';

const STATUS_CLASS: Record<string, string> = { passed: 'FINISHED', failed: 'FAILED', error: 'KILLED' };

function valueText(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

function deltaText(delta: number | null | undefined): string {
  if (delta === null || delta === undefined) return '';
  const text = valueText(delta);
  return delta > 0 ? `+${text}` : text;
}

function Rules({ rules }: { rules: GateRuleResultWire[] }) {
  // Problems first: a reader opens a failed gate to see why.
  const ordered = [...rules].sort((a, b) => Number(a.status === 'passed') - Number(b.status === 'passed') || a.line - b.line);
  return (
    <table className="data" data-testid="gate-rules">
      <thead><tr><th>Rule</th><th>Status</th><th className="num">Value</th><th className="num">Champion</th><th className="num">Δ</th><th>Why</th></tr></thead>
      <tbody>
        {ordered.map((rule) => (
          <tr key={`${rule.line}:${rule.rule}`}>
            <td className="mono">{rule.rule}</td>
            <td><span className={`status ${STATUS_CLASS[rule.status] ?? ''}`}>{rule.status}</span></td>
            <td className="num tnum">{valueText(rule.value)}</td>
            <td className="num tnum">{rule.champion_value === undefined ? '' : valueText(rule.champion_value)}</td>
            <td className="num tnum">{deltaText(rule.delta)}</td>
            <td>{rule.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GateRow({ result }: { result: GateResultWire }) {
  const [open, setOpen] = useState(result.status !== 'passed');
  const failed = result.rules.filter((r) => r.status !== 'passed').length;
  return (
    <Fragment>
      <tr data-testid={`gate-${result.gate}`}>
        <td><button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'} {result.gate}</button></td>
        <td><span className={`status ${STATUS_CLASS[result.status] ?? ''}`}>{result.status}</span></td>
        <td className="num tnum">{result.rules.length - failed}/{result.rules.length}</td>
        <td>{result.champion ? `v${result.champion.version} (@${result.champion.alias})` : <span className="faint">—</span>}</td>
        <td className="tnum">{formatTime(result.created_time)} by {result.ran_by}</td>
        <td className="mono" title={result.spec_hash}>{result.spec_hash.slice(0, 12)}</td>
        <td>{result.ci_job_url ? <a href={result.ci_job_url} target="_blank" rel="noreferrer">CI job</a> : <span className="faint">—</span>}</td>
      </tr>
      {open && <tr><td colSpan={7} style={{ paddingLeft: 24 }}><Rules rules={result.rules} /></td></tr>}
    </Fragment>
  );
}

/** The version's evaluation gates: the newest result of each, with its rules on demand. */
export function GateResults({ name, version }: { name: string; version: string }) {
  const gates = useLatestGateResults(name, version);
  return (
    <section className="section" style={{ maxWidth: 1100 }} data-testid="gate-results">
      <div className="section-title"><h2>Evaluation gates</h2></div>
      {gates.isPending && <p className="muted">Loading gate results…</p>}
      {gates.isError && <ErrorState error={gates.error} title="Could not load gate results" />}
      {gates.data?.length === 0 && (
        <p className="muted">No gate has run on this version. Run one from CI: <code>strata gate --model models:/{name}/{version}</code> (docs/ci-cd.md).</p>
      )}
      {gates.data !== undefined && gates.data.length > 0 && (
        <table className="data">
          <thead><tr><th>Gate</th><th>Status</th><th className="num">Rules passed</th><th>Champion</th><th>Ran</th><th>Spec</th><th>CI</th></tr></thead>
          <tbody>{gates.data.map((result) => <GateRow key={result.result_id} result={result} />)}</tbody>
        </table>
      )}
    </section>
  );
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { marked, type Tokens } from 'marked';
import type { GateResultWire } from '../../../api/strata-gates.js';
import { formatGateJunit } from './gate-junit.js';
import { code, escapeMarkdown, formatGateMarkdown } from './gate-markdown.js';
import { formatGateTable } from './gate-table.js';

const RESULT: GateResultWire = {
  result_id: 'gr-1', gate: 'offline-eval', spec_hash: 'ab'.repeat(32), spec: 'name: offline-eval\n', status: 'failed', run_id: 'run1',
  model_name: 'fraud', version: 7, champion: { name: 'fraud', alias: 'production', version: 3, run_id: 'run0' },
  rules: [
    { rule: 'metrics.auc >= 0.90', line: 4, kind: 'threshold', status: 'passed', value: 0.93, threshold: 0.9, message: '0.93 >= 0.9' },
    { rule: 'metrics.auc >= champion + 0.005', line: 5, kind: 'champion', status: 'failed', value: 0.921, champion_value: 0.92, threshold: 0.925, delta: 0.001, message: '0.921 is not >= 0.925 (champion fraud v3 (@production): 0.92 + 0.005)' },
    { rule: 'metrics.`a|b*c` > 1', line: 6, kind: 'threshold', status: 'error', value: null, message: "metric 'a|b*c' was not logged by run run1 (spec line 6)\n<script>&" },
    {
      rule: '{ slices: "metrics.recall/segment=*", op: ">=", value: 0.8 }', line: 7, kind: 'slices', status: 'passed', value: 0.81, threshold: 0.8, message: 'all 2 slices pass',
      details: { pattern: 'recall/segment=*', slices: [{ key: 'recall/segment=a', value: 0.85, status: 'passed', message: '0.85 >= 0.8' }, { key: 'recall/segment=b', value: 0.81, status: 'passed', message: '0.81 >= 0.8' }] },
    },
  ],
  ran_by: 'ci_bot', ci_job_url: 'https://github.com/acme/fraud/actions/runs/42', ci: { commit: 'abc123' }, created_time: Date.UTC(2026, 11, 7, 8, 0, 0), recorded: true,
};

describe('gate table', () => {
  it('shows the verdict, then problems first with value, champion, delta and why', () => {
    const lines = formatGateTable(RESULT).split('\n');
    assert.equal(lines[0], 'gate offline-eval: FAILED — models:/fraud/7 (run run1)');
    assert.match(lines[1] ?? '', /^2 passed, 1 failed, 1 error; champion models:\/fraud\/3 \(@production\)$/);
    assert.match(lines[3] ?? '', /^RULE\s+STATUS\s+VALUE\s+CHAMPION\s+DELTA\s+MESSAGE$/);
    assert.match(lines[4] ?? '', /^metrics\.`a\|b\*c` > 1\s+error\s+-\s+-\s+-\s+metric 'a\|b\*c' was not logged by run run1 \(spec line 6\) <script>&$/);
    assert.match(lines[5] ?? '', /^metrics\.auc >= champion \+ 0\.005\s+failed\s+0\.921\s+0\.92\s+\+0\.001\s+0\.921 is not/);
    assert.match(lines[6] ?? '', /^metrics\.auc >= 0\.90\s+passed\s+0\.93\s+-\s+-\s+0\.93 >= 0\.9$/);
    assert.equal(lines.at(-1), 'recorded as gr-1');
    assert.equal(formatGateTable({ ...RESULT, recorded: false }).split('\n').at(-1), 'not recorded (dry run)');
  });
});

describe('gate Markdown report', () => {
  const markdown = formatGateMarkdown(RESULT, { trackingUri: 'http://strata.example:5000/' });

  it('heads with the verdict and links to the version, run, champion and CI job', () => {
    assert.equal(markdown.split('\n')[0], '## ❌ Gate `offline-eval` failed');
    assert.ok(markdown.includes('[fraud v7](http://strata.example:5000/models/fraud/versions/7) (run [run1](http://strata.example:5000/runs/run1))'));
    assert.ok(markdown.includes('Champion: [fraud v3](http://strata.example:5000/models/fraud/versions/3) (@production)'));
    assert.ok(markdown.includes('CI job: [https://github.com/acme/fraud/actions/runs/42](https://github.com/acme/fraud/actions/runs/42)'));
    assert.match(formatGateMarkdown({ ...RESULT, status: 'passed' }, { trackingUri: 'http://x' }), /^## ✅ Gate `offline-eval` passed/);
  });

  it('renders one table row per rule, problems first, with user text escaped', () => {
    const tables = marked.lexer(markdown).filter((t): t is Tokens.Table => t.type === 'table');
    const main = tables[0];
    assert.ok(main !== undefined);
    assert.equal(main.header.length, 7);
    assert.equal(main.rows.length, 4);
    for (const row of main.rows) assert.equal(row.length, 7);
    assert.deepEqual(main.rows.map((row) => row[0]?.text), ['⚠️ **error**', '❌ **fail**', '✅ pass', '✅ pass']);
    const html = marked.parse(markdown) as string;
    assert.ok(html.includes('<code>metrics.`a|b*c` &gt; 1</code>'), html);
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('+0.001'));
    assert.equal(tables[1]?.rows.length, 2);
  });

  it('escapes Markdown and builds code spans around backticks', () => {
    assert.equal(escapeMarkdown('a|b *c* [x](y) <b>\nz'), 'a\\|b \\*c\\* \\[x\\]\\(y\\) \\<b\\> z');
    assert.equal(code('plain'), '`plain`');
    assert.equal(code('a`b'), '`` a`b ``');
  });
});

/** A strict well-formedness check for the XML this writer can produce: balanced tags, quoted attributes, only the five entities and character references. */
function assertWellFormedXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  const rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const token = /<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(rest)) !== null) {
    consumed = token.lastIndex;
    const [, close, open, attrs, selfClosing, text] = match;
    const checkEntities = (s: string) => assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s), `bad entity in ${s}`);
    if (close !== undefined) assert.equal(stack.pop(), close);
    else if (open !== undefined) {
      checkEntities(attrs ?? '');
      names.push(open);
      if (selfClosing !== '/') stack.push(open);
    } else {
      checkEntities(text ?? '');
      // eslint-disable-next-line no-control-regex -- XML forbids these control characters
      assert.ok(!text?.includes('>') && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text ?? ''));
    }
  }
  assert.equal(consumed, rest.length, `unparsed XML from: ${rest.slice(consumed, consumed + 40)}`);
  assert.deepEqual(stack, []);
  return names;
}

describe('gate JUnit report', () => {
  it('is one testsuite with a testcase per rule, failure and error elements, all escaped', () => {
    const nasty = { ...RESULT, gate: 'g"<&>', rules: [...RESULT.rules, { rule: "tags.x == 'a\u0001b'", line: 9, kind: 'tag', status: 'failed' as const, value: 'q"\'', message: 'x\ny & <z>' }] };
    const xml = formatGateJunit(nasty);
    const names = assertWellFormedXml(xml);
    assert.deepEqual(names.filter((n) => n === 'testsuite' || n === 'testcase' || n === 'failure' || n === 'error'), ['testsuite', 'testcase', 'testcase', 'failure', 'testcase', 'error', 'testcase', 'testcase', 'failure']);
    assert.ok(xml.includes('<testsuites name="strata gate" tests="5" failures="2" errors="1" skipped="0">'));
    assert.ok(xml.includes('<testsuite name="g&quot;&lt;&amp;&gt;" tests="5"'));
    assert.ok(xml.includes('<testcase name="line 4: metrics.auc &gt;= 0.90" classname="strata.gate.g&quot;&lt;&amp;&gt;.threshold"/>'));
    assert.ok(xml.includes('<failure message="x&#10;y &amp; &lt;z&gt;" type="failed">x\ny &amp; &lt;z&gt;\nvalue: q"\''));
    assert.ok(!xml.includes('\u0001'));
  });
});

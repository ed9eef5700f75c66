/**
 * Deque's axe-core accessibility rules (WCAG 2.1 A and AA) run inside a dashboard page. The engine
 * is evaluated through the DevTools protocol, so the app's Content-Security-Policy (no inline
 * scripts) stays on while it runs.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the first offending elements, with axe's summary of what is wrong. */
  nodes: string[];
}

interface AxeResults {
  violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
}

/** Every WCAG 2.1 A/AA violation on the page as it is now (readable lines for an assertion message). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const source = await axeSource;
  const hasAxe = await page.evaluate(() => 'axe' in globalThis);
  if (!hasAxe) await page.evaluate(source);
  const results = (await page.evaluate(async () => {
    // Runs in the page: the test's tsconfig has no DOM types, so the page's globals are typed here.
    const page = globalThis as unknown as { axe: { run: (context: unknown, options: object) => Promise<unknown> }; document: unknown };
    return page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  })) as AxeResults;
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.map(String).join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`),
  }));
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

// Every dashboard page, light and dark, checked with axe-core's WCAG 2.1 A/AA rules: names for
// every control, contrast, landmarks, table semantics. A violation fails the test with the
// offending elements listed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { axeViolations, describeViolations } from './helpers/axe.js';
import { browserUnavailable, launchChromium, openWatchedPage } from './helpers/browser.js';
import { seedDashboard, type SeededDashboard } from './helpers/seed-dashboard.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

describe('dashboard accessibility (axe-core, WCAG 2.1 AA)', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let seeded: SeededDashboard;
  let browser: Browser;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    seeded = await seedDashboard(server.url);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages = (): Array<[string, string, string]> => [
    ['experiments', '/experiments', 'experiments-table'],
    ['experiment', `/experiments/${seeded.experimentId}?col=metrics.loss&col=params.lr&col=tags.team`, 'runs-grid'],
    ['empty experiment', `/experiments/${seeded.emptyExperimentId}`, 'empty-state'],
    ['run', `/experiments/${seeded.experimentId}/runs/${seeded.runId}`, 'run-overview'],
    ['models', '/models', 'models-table'],
    ['model', `/models/${seeded.modelName}`, 'versions-table'],
    ['model version', `/models/${seeded.modelName}/versions/1`, 'model-version-title'],
    ['not found', '/no/such/page', 'empty-state'],
  ];

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG A/AA violations on any page (${colorScheme})`, async () => {
      const watched = await openWatchedPage(browser, { colorScheme });
      const failures: string[] = [];
      try {
        for (const [name, path, testId] of pages()) {
          await watched.page.goto(`${server.url}${path}`);
          await watched.page.getByTestId(testId).first().waitFor();
          // Charts and lazy sections settle after the first paint.
          await watched.page.waitForLoadState('networkidle');
          const violations = await axeViolations(watched.page);
          if (violations.length > 0) failures.push(`${name} (${path}):\n  ${describeViolations(violations)}`);
        }
        assert.deepEqual(watched.problems, [], 'console errors or failed requests');
      } finally {
        await watched.close();
      }
      assert.equal(failures.join('\n'), '', 'axe violations');
    });
  }
});

// Every dashboard page against data logged by MLflow's own Python client: the requests MLflow
// 2.17.2 sent for a realistic session (experiments with notes, params, NaN and infinite metrics,
// a 3,000-step history, nested runs, a failed and a deleted run, pandas datasets, artifacts of
// every preview kind, sklearn models with signature and input example registered with aliases,
// sklearn autolog) are replayed from test/web/fixtures/mlflow-client/ onto a fresh server, so no
// Python is needed. Then Chromium visits each page, and MLflow's hash links, asserting what a
// user sees. Console errors and failed requests fail the test. Screenshots, light and dark, go to
// <tmp>/strata-test-output/web.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error -- a plain ESM build script without type declarations
import { buildWeb } from '../../scripts/build-web.mjs';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { browserUnavailable, launchChromium, openWatchedPage, type WatchedPage } from './helpers/browser.js';
import { replayMlflowClient, type ReplayedSession } from './helpers/replay-mlflow-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unavailable = browserUnavailable();
const requireBrowser = process.env.STRATA_REQUIRE_BROWSER === '1';

/** The sandboxed HTML preview refusing a script is the protection working (sklearn's estimator.html carries one). */
const BLOCKED_BY_SANDBOX = /Blocked script execution in 'about:srcdoc'|because the document's frame is sandboxed/;

describe('the dashboard on data logged by MLflow’s Python client', { skip: !requireBrowser && unavailable ? unavailable : false }, () => {
  let server: TestServer;
  let session: ReplayedSession;
  let browser: Browser;
  let watched: WatchedPage;

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    const problem = (buildWeb as (root: string) => string | undefined)(root);
    if (problem !== undefined) throw new Error(`dashboard not built: ${problem}`);
    server = await startTestServer();
    session = await replayMlflowClient(server.url);
    browser = await launchChromium();
    watched = await openWatchedPage(browser);
  });

  after(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const experimentId = (name: string) => session.experimentIds.get(name) ?? assert.fail(`no experiment ${name}`);
  const runId = (name: string) => session.runIds.get(name) ?? assert.fail(`no run ${name}`);
  const runUrl = (experiment: string, run: string, artifact?: string) =>
    url(`/experiments/${experimentId(experiment)}/runs/${runId(run)}${artifact === undefined ? '' : `?artifact=${encodeURIComponent(artifact)}`}`);
  const noProblems = () => assert.deepEqual(watched.problems.filter((p) => !BLOCKED_BY_SANDBOX.test(p)), [], 'console errors or failed requests');
  const openArtifact = (page: Page, name: string) => page.getByTestId('artifact-tree').getByRole('button', { name, exact: true }).first().click();

  it('replays every request MLflow’s client sent with the status it got', () => {
    assert.ok(session.requestCount > 150, `${session.requestCount} requests`);
    assert.deepEqual([...session.experimentIds.keys()].sort(), ['empty-experiment', 'iris-sklearn', 'mnist-cnn']);
  });

  it('lists the experiments and the runs of one, with its note, the failed run and not the deleted one', async () => {
    const { page } = watched;
    await page.goto(url('/experiments'));
    const table = page.getByTestId('experiments-table');
    for (const name of ['mnist-cnn', 'iris-sklearn', 'empty-experiment']) await table.getByRole('link', { name }).waitFor();
    const mnistRow = table.locator('tr', { has: page.getByRole('link', { name: 'mnist-cnn' }) });
    await mnistRow.getByTestId('run-count-cell').filter({ hasText: '6' }).waitFor();
    await table.getByRole('link', { name: 'mnist-cnn' }).click();
    await page.getByTestId('experiment-description').filter({ hasText: 'Small CNN on MNIST' }).waitFor();
    const grid = page.getByTestId('runs-grid');
    for (const name of ['baseline-adam', 'lr-sweep', 'lr-0.1', 'lr-0.01', 'lr-0.001', 'diverged-sgd']) await grid.getByRole('link', { name, exact: true }).waitFor();
    assert.equal(await grid.getByRole('link', { name: 'scratch-run' }).count(), 0, 'the deleted run is hidden');
    await grid.locator(`[data-run-id="${runId('diverged-sgd')}"]`).getByText('failed').waitFor();
    await watched.screenshot('mlflow-client-runs');
    noProblems();
  });

  it('shows a training run: note, params, metric charts, datasets and every artifact preview', async () => {
    const { page } = watched;
    await page.goto(runUrl('mnist-cnn', 'baseline-adam'));
    await page.getByTestId('run-name').filter({ hasText: 'baseline-adam' }).waitFor();
    await page.getByTestId('run-description').locator('strong', { hasText: 'baseline' }).waitFor();
    const params = page.getByRole('table', { name: 'parameters' });
    await params.locator('tr', { hasText: 'learning_rate' }).getByText('0.001').waitFor();
    await params.locator('tr', { hasText: 'layers' }).getByText('[32, 64, 128]').waitFor();
    const loss = page.getByTestId('metric-chart-loss');
    await loss.scrollIntoViewIfNeeded();
    await loss.getByText('3,000 points').waitFor();
    await loss.locator('canvas').first().waitFor();
    await page.getByTestId('metric-chart-accuracy').locator('canvas').first().waitFor();
    await page.getByTestId('metric-chart-test_accuracy').getByTestId('metric-single-value').filter({ hasText: '0.981' }).waitFor();
    await watched.screenshot('mlflow-client-run');

    const datasets = page.getByTestId('run-datasets');
    await datasets.scrollIntoViewIfNeeded();
    const train = datasets.locator('tr', { hasText: 'mnist-train' });
    await train.getByRole('cell', { name: 'training' }).waitFor();
    await train.getByRole('cell', { name: '50', exact: true }).waitFor();
    await train.getByText('split=train').waitFor();
    await train.getByText(/pixel_mean \(double\)/).waitFor();
    await datasets.locator('tr', { hasText: 'mnist-val' }).getByRole('cell', { name: 'validation' }).waitFor();
    await watched.screenshot('mlflow-client-datasets');

    const preview = page.getByTestId('artifact-preview');
    const tree = page.getByTestId('artifact-tree');
    await tree.getByRole('button', { name: 'plots/' }).click();
    await openArtifact(page, 'loss.png');
    await page.getByTestId('preview-image').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    await tree.getByRole('button', { name: 'logs/' }).click();
    await openArtifact(page, 'train.log');
    await page.getByTestId('preview-text').filter({ hasText: 'epoch 19 step 1900' }).waitFor();
    await openArtifact(page, 'config.yaml');
    await page.getByTestId('preview-text').filter({ hasText: 'dropout: 0.25' }).waitFor();
    await openArtifact(page, 'README.md');
    await page.getByTestId('preview-markdown').getByRole('heading', { name: 'Notes' }).waitFor();
    await tree.getByRole('button', { name: 'eval/' }).click();
    await openArtifact(page, 'metrics.json');
    await page.getByTestId('preview-text').filter({ hasText: '"per_class"' }).waitFor();
    await openArtifact(page, 'history.csv');
    await page.getByTestId('csv-extent').filter({ hasText: '20 rows × 3 columns' }).waitFor();
    await openArtifact(page, 'report.html');
    await page.frameLocator('[data-testid=preview-html]').getByRole('heading', { name: 'Evaluation report' }).waitFor();
    await openArtifact(page, 'report.pdf');
    await page.getByTestId('preview-pdf').waitFor();
    await preview.scrollIntoViewIfNeeded();
    await watched.screenshot('mlflow-client-artifacts');
    noProblems();
  });

  it('shows a failed run whose loss diverged to infinity and NaN', async () => {
    const { page } = watched;
    await page.goto(runUrl('mnist-cnn', 'diverged-sgd'));
    await page.getByTestId('run-overview').getByText('failed').waitFor();
    await page.getByTestId('metric-chart-loss').getByTestId('metric-no-finite').waitFor();
    noProblems();
  });

  it('lists nested runs under their parent, and names the parent on a child', async () => {
    const { page } = watched;
    await page.goto(runUrl('mnist-cnn', 'lr-sweep'));
    const overview = page.getByTestId('run-overview');
    for (const child of ['lr-0.1', 'lr-0.01', 'lr-0.001']) await overview.getByRole('link', { name: child, exact: true }).waitFor();
    await overview.getByRole('link', { name: 'lr-0.01', exact: true }).click();
    await page.getByTestId('run-name').filter({ hasText: 'lr-0.01' }).waitFor();
    await page.getByTestId('parent-run-link').filter({ hasText: 'lr-sweep' }).waitFor();
    noProblems();
  });

  it('shows a deleted run as deleted', async () => {
    const { page } = watched;
    await page.goto(runUrl('mnist-cnn', 'scratch-run'));
    await page.locator('.page-header .badge', { hasText: 'deleted' }).waitFor();
    noProblems();
  });

  it('links a logged sklearn model to its registered version and back, with its MLmodel summary', async () => {
    const { page } = watched;
    await page.goto(runUrl('iris-sklearn', 'logreg-C1.0'));
    const logged = page.getByTestId('run-logged-models');
    await logged.filter({ hasText: 'model (sklearn, python_function)' }).waitFor();
    await page.getByTestId('run-model-versions').getByRole('link', { name: 'iris-classifier v1' }).waitFor();
    await logged.getByRole('link', { name: 'model' }).click();
    await page.waitForURL(/\?artifact=model$/);
    await page.getByTestId('model-flavors').getByText('sklearn', { exact: true }).waitFor();
    await page.getByTestId('model-summary').getByRole('cell', { name: 'sepal length (cm)' }).first().waitFor();
    await page.getByTestId('model-input-example').getByRole('cell', { name: '5.1' }).waitFor();
    await page.getByTestId('model-summary').scrollIntoViewIfNeeded();
    await watched.screenshot('mlflow-client-mlmodel');

    await page.getByTestId('run-model-versions').getByRole('link', { name: 'iris-classifier v1' }).click();
    await page.getByTestId('model-version-title').filter({ hasText: 'v1' }).waitFor();
    await page.getByText('@champion').waitFor();
    await page.getByTestId('source-run-link').filter({ hasText: 'logreg-C1.0' }).waitFor();
    await page.getByTestId('model-flavors').getByText('sklearn', { exact: true }).waitFor();
    await watched.screenshot('mlflow-client-model-version');
    await page.getByTestId('model-source-link').click();
    await page.waitForURL(runUrl('iris-sklearn', 'logreg-C1.0', 'model'));
    await page.getByTestId('model-summary').waitFor();
    noProblems();
  });

  it('opens a version registered from a runs:/ URI on its model files', async () => {
    const { page } = watched;
    await page.goto(url('/models/iris-classifier/versions/3'));
    const source = page.getByTestId('model-source-link');
    await source.filter({ hasText: `runs:/${runId('logreg-C0.1')}/model` }).waitFor();
    await page.getByTestId('model-flavors').getByText('sklearn', { exact: true }).waitFor();
    await source.click();
    await page.waitForURL(runUrl('iris-sklearn', 'logreg-C0.1', 'model'));
    noProblems();
  });

  it('shows an autologged run: estimator params, single training scores, its dataset and estimator.html', async () => {
    const { page } = watched;
    await page.goto(runUrl('iris-sklearn', 'autolog-tree', 'estimator.html'));
    await page.getByRole('table', { name: 'parameters' }).locator('tr', { hasText: 'max_depth' }).getByText('3', { exact: true }).waitFor();
    const score = page.getByTestId('metric-chart-training_accuracy_score');
    await score.scrollIntoViewIfNeeded();
    await score.getByTestId('metric-single-value').filter({ hasText: '0.97333' }).waitFor();
    await page.getByTestId('run-datasets').locator('tr', { hasText: 'dataset' }).getByRole('cell', { name: '150', exact: true }).waitFor();
    await page.getByTestId('run-model-versions').getByRole('link', { name: 'iris-tree v1' }).waitFor();
    // MLflow's long JSON tag starts folded, and unfolds on request.
    await page.getByText(/system tags \(mlflow\.\*\)/).click();
    const history = page.getByRole('table', { name: 'system tags' }).locator('tr', { hasText: 'mlflow.log-model.history' });
    assert.equal(await history.getByText(/"sklearn_version"/).count(), 0, 'folded');
    await history.getByRole('button', { name: /^show all \d+ characters$/ }).click();
    await history.getByText(/"sklearn_version":"1\.2\.1"/).waitFor();
    // scikit-learn's diagram styles itself inline; its fallback text shows only when styles are refused.
    const frame = page.frameLocator('[data-testid=preview-html]');
    await frame.locator('label', { hasText: 'DecisionTreeClassifier' }).waitFor();
    await frame.getByText(/please rerun this cell/).waitFor({ state: 'hidden' });
    await openArtifact(page, 'training_confusion_matrix.png');
    await page.getByTestId('preview-image').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    await watched.screenshot('mlflow-client-autolog');
    noProblems();
  });

  it('lists registered models and versions with aliases and source runs', async () => {
    const { page } = watched;
    await page.goto(url('/models'));
    const models = page.getByTestId('models-table');
    await models.getByRole('link', { name: 'iris-tree' }).waitFor();
    await models.getByRole('link', { name: 'iris-classifier' }).click();
    await page.getByTestId('model-name').filter({ hasText: 'iris-classifier' }).waitFor();
    await page.getByText('Logistic regression on iris.').waitFor();
    const versions = page.getByTestId('versions-table');
    for (const v of ['v1', 'v2', 'v3']) await versions.getByRole('link', { name: v, exact: true }).waitFor();
    await versions.locator('tr', { hasText: '@challenger' }).getByRole('link', { name: 'logreg-C0.1' }).waitFor();
    await versions.locator('tr', { hasText: '@champion' }).getByText('Production').waitFor();
    await versions.locator('tr', { hasText: 'v3' }).getByText('From a runs:/ URI').waitFor();
    await watched.screenshot('mlflow-client-model');
    noProblems();
  });

  it('opens the links MLflow’s client prints (#/experiments/…/runs/…) and MLflow’s other hash links', async () => {
    const { page } = watched;
    const run = runId('baseline-adam');
    const mnist = experimentId('mnist-cnn');
    await page.goto(url(`/#/experiments/${mnist}/runs/${run}`));
    await page.waitForURL(url(`/experiments/${mnist}/runs/${run}`));
    await page.getByTestId('run-name').filter({ hasText: 'baseline-adam' }).waitFor();
    await page.goto(url(`/#/experiments/${experimentId('iris-sklearn')}`));
    await page.getByTestId('experiment-name').filter({ hasText: 'iris-sklearn' }).waitFor();
    await page.goto(url('/#/models/iris-classifier'));
    await page.getByTestId('model-name').filter({ hasText: 'iris-classifier' }).waitFor();
    await page.goto(url('/#/models/iris-classifier/versions/2'));
    await page.waitForURL(url('/models/iris-classifier/versions/2'));
    await page.getByTestId('model-version-title').filter({ hasText: 'v2' }).waitFor();
    const logreg = runId('logreg-C1.0');
    const iris = experimentId('iris-sklearn');
    await page.goto(url(`/#/experiments/${iris}/runs/${logreg}/artifactPath/model/MLmodel`));
    await page.waitForURL(url(`/experiments/${iris}/runs/${logreg}?artifact=model%2FMLmodel`));
    await page.getByTestId('model-flavors').getByText('sklearn', { exact: true }).waitFor();
    // MLflow's run link without the experiment finds it.
    await page.goto(url(`/#/runs/${logreg}/artifactPath/model/MLmodel`));
    await page.waitForURL(url(`/experiments/${iris}/runs/${logreg}?artifact=model%2FMLmodel`));
    await page.getByTestId('model-flavors').getByText('sklearn', { exact: true }).waitFor();
    noProblems();
  });

  it('renders the run page and a model version in the dark theme', async () => {
    const dark = await openWatchedPage(browser, { colorScheme: 'dark' });
    try {
      await dark.page.goto(runUrl('mnist-cnn', 'baseline-adam'));
      await dark.page.getByTestId('metric-chart-loss').locator('canvas').first().waitFor();
      await dark.screenshot('mlflow-client-run');
      await dark.page.getByTestId('run-datasets').scrollIntoViewIfNeeded();
      await dark.screenshot('mlflow-client-datasets');
      await dark.page.goto(url('/models/iris-classifier/versions/1'));
      await dark.page.getByTestId('model-flavors').waitFor();
      await dark.screenshot('mlflow-client-model-version');
      assert.deepEqual(dark.problems, [], 'console errors or failed requests');
    } finally {
      await dark.close();
    }
  });
});

// `strata models card` against a test server: Markdown on standard output by default, JSON and
// HTML with --format, the technical documentation with --template, -o writing the file (relative
// to the folder the command runs in), a stage resolved to its version, and bad input refused.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { captureCli } from './capture-cli.js';

describe('strata models card', () => {
  let server: TestServer;
  let work: string;
  before(async () => {
    server = await startTestServer();
    work = await mkdtemp(join(tmpdir(), 'strata-cli-card-'));
    const { runId } = await createExperimentAndRun(server, 'card-cli');
    await server.post('runs/log-metric', { run_id: runId, key: 'auc', value: 0.91, timestamp: Date.now(), step: 0 });
    await server.post('registered-models/create', { name: 'fraud' });
    await server.post('model-versions/create', { name: 'fraud', source: `runs:/${runId}/model`, run_id: runId });
    await server.post('model-versions/create', { name: 'fraud', source: `runs:/${runId}/model`, run_id: runId });
    await server.post('registered-models/alias', { name: 'fraud', alias: 'production', version: '1' });
    await server.post('model-versions/transition-stage', { name: 'fraud', version: '2', stage: 'Staging', archive_existing_versions: false });
    await server.post('model-versions/set-tag', { name: 'fraud', version: '1', key: 'strata.card.intended_use', value: 'Scoring <b>card</b> payments' });
  });
  after(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  const cli = (...argv: string[]) => captureCli(argv, { STRATA_TRACKING_URI: server.url }, { cwd: work });

  it('prints the Markdown card of an alias on standard output', async () => {
    const result = await cli('models', 'card', 'models:/fraud@production');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^---\nmodel_name: "fraud"\nmodel_version: 1\n/);
    assert.match(result.stdout, /## Intended use\n\nScoring &lt;b&gt;card&lt;\/b&gt; payments/);
    assert.match(result.stdout, /\| auc \| all \| 0\.91 \|/);
  });

  it('prints JSON and the technical documentation', async () => {
    const result = await cli('models', 'card', 'models:/fraud/2', '--format', 'json', '--template', 'technical-documentation');
    assert.equal(result.code, 0, result.stderr);
    const card = JSON.parse(result.stdout);
    assert.equal(card.model_details.version.name, '2');
    assert.equal(card.completeness.sections.length, 8);
    assert.equal(card.strata.template, 'technical-documentation');
  });

  it('resolves a stage to its version', async () => {
    const result = await cli('models', 'card', 'models:/fraud/Staging', '--format', 'json');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).model_details.version.name, '2');
  });

  it('writes the HTML card to the -o file instead of standard output', async () => {
    const result = await cli('models', 'card', 'models:/fraud/1', '--format', 'html', '-o', 'card.html');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Wrote model-card (html) of models:/fraud/1 to card.html\n');
    const html = await readFile(join(work, 'card.html'), 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /Scoring &lt;b&gt;card&lt;\/b&gt; payments/);
  });

  it('refuses a bad URI, format or unknown version with a message and a non-zero exit', async () => {
    const badUri = await cli('models', 'card', 'fraud/1');
    assert.equal(badUri.code, 2);
    assert.match(badUri.stderr, /expected models:\/NAME\/VERSION or models:\/NAME@ALIAS/);
    const badFormat = await cli('models', 'card', 'models:/fraud/1', '--format', 'pdf');
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /argument 'pdf' is invalid\. Allowed choices are json, md, html/);
    const missing = await cli('models', 'card', 'models:/fraud/99');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /version=99/);
    assert.equal(missing.stdout, '');
  });
});

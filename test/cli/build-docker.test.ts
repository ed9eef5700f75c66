// strata models build-docker (issue 15): the Dockerfile and context for a registered model, the
// resolved version pre-downloaded into the context's serving cache (so the container serves
// without the tracking server), checked file by file (no Docker daemon here).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli } from './capture-cli.js';
import { packageVersion } from '../../src/cli/package-version.js';
import { logAndRegister, modelVersion, setAlias, startTracking, type Tracking } from '../serving/serve-harness.js';

describe('strata models build-docker', () => {
  let tracking: Tracking;
  let scratch: string;
  const model = modelVersion(1);

  before(async () => {
    tracking = await startTracking();
    scratch = await mkdtemp(join(tmpdir(), 'strata-build-docker-'));
    await logAndRegister(tracking, 'fraud', modelVersion(0));
    await logAndRegister(tracking, 'fraud', model);
    await setAlias(tracking, 'fraud', 'production', '2');
  });
  after(async () => {
    await tracking?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes a Dockerfile that runs strata serve for the alias, with the resolved version in the image', async () => {
    const out = join(scratch, 'ctx');
    const result = await captureCli(['--tracking-uri', tracking.url, 'models', 'build-docker', 'models:/fraud@production', '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /version 2/);
    const dockerfile = await readFile(join(out, 'Dockerfile'), 'utf8');
    const lines = dockerfile.split('\n');
    assert.ok(lines.includes('FROM node:20-slim'));
    assert.ok(lines.some((l) => l.startsWith('RUN npm install --global --omit=dev strata-mlops@' + packageVersion())), dockerfile);
    assert.ok(lines.includes('COPY --chown=node:node model-cache/ /opt/strata/serving/'));
    assert.ok(lines.includes(`ENV STRATA_TRACKING_URI=${JSON.stringify(tracking.url)}`));
    assert.ok(lines.includes('EXPOSE 8080'));
    assert.ok(lines.some((l) => l.startsWith('HEALTHCHECK') && l.includes('/ping')));
    const entrypoint = lines.find((l) => l.startsWith('ENTRYPOINT '));
    assert.deepEqual(JSON.parse(entrypoint!.slice('ENTRYPOINT '.length)), [
      'strata', 'serve', 'models:/fraud@production', '--host', '0.0.0.0', '--port', '8080', '--cache-dir', '/opt/strata/serving',
    ]);
    assert.doesNotMatch(dockerfile, /STRATA_TOKEN=[^…]/, 'no credential is written into the image');

    // The serving cache, as strata serve reads it when the tracking server cannot be reached.
    const cache = join(out, 'model-cache', 'fraud');
    assert.deepEqual((await readdir(cache)).sort(), ['2', '@production']);
    assert.equal((await readFile(join(cache, '@production'), 'utf8')).trim(), '2');
    const files = (await readdir(join(cache, '2'))).sort();
    assert.ok(files.includes('MLmodel') && files.includes('model.onnx') && files.includes('.strata-complete'), files.join(', '));
    assert.deepEqual(new Uint8Array(await readFile(join(cache, '2', 'model.onnx'))), new Uint8Array(model.bytes));
  });

  it('takes another base image, pins a version, and refuses a local directory', async () => {
    const out = join(scratch, 'pinned');
    const result = await captureCli(['--tracking-uri', tracking.url, 'models', 'build-docker', 'models:/fraud/1', '-o', out, '--base-image', 'node:22-alpine']);
    assert.equal(result.code, 0, result.stderr);
    const dockerfile = await readFile(join(out, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM node:22-alpine$/m);
    assert.match(dockerfile, /"models:\/fraud\/1"/);
    assert.deepEqual(await readdir(join(out, 'model-cache', 'fraud')), ['1']);
    const refused = await captureCli(['models', 'build-docker', './model']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /needs a registry URI/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { experimentArtifactLocation, resolveServerConfig } from './config.js';

describe('resolveServerConfig', () => {
  it('defaults to 127.0.0.1:5000 and a strata-data folder in the working directory', () => {
    const config = resolveServerConfig({}, {}, '/work/x');
    assert.deepEqual(config, {
      host: '127.0.0.1',
      port: 5000,
      backendStoreUri: 'sqlite:////work/x/strata-data/strata.db',
      artifactsDestination: '/work/x/strata-data/artifacts',
      serveArtifacts: true,
    });
  });

  it('lets the environment override defaults and flags override the environment', () => {
    const env = {
      STRATA_HOST: '0.0.0.0',
      STRATA_PORT: '6000',
      STRATA_BACKEND_STORE_URI: 'postgresql://db/x',
      STRATA_DEFAULT_ARTIFACT_ROOT: 's3://bucket',
      STRATA_ARTIFACTS_DESTINATION: 's3://bucket/served',
      STRATA_SERVE_ARTIFACTS: 'false',
    };
    const fromEnv = resolveServerConfig({}, env, '/w');
    assert.equal(fromEnv.host, '0.0.0.0');
    assert.equal(fromEnv.port, 6000);
    assert.equal(fromEnv.backendStoreUri, 'postgresql://db/x');
    assert.equal(fromEnv.serveArtifacts, false);
    assert.equal(fromEnv.artifactsDestination, 's3://bucket/served');
    assert.equal(fromEnv.defaultArtifactRoot, 's3://bucket');
    const flags = resolveServerConfig({ port: 0, host: undefined, serveArtifacts: true }, env, '/w');
    assert.equal(flags.port, 0);
    assert.equal(flags.host, '0.0.0.0');
    assert.equal(flags.serveArtifacts, true);
  });

  it('reads the webhook allow-list as a comma-separated list, the flag winning over the environment', () => {
    const env = { STRATA_WEBHOOK_ALLOWED_HOSTS: ' ci.corp , 10.0.0.0/8,,fd00::1 ' };
    assert.deepEqual(resolveServerConfig({}, env, '/w').webhookAllowedHosts, ['ci.corp', '10.0.0.0/8', 'fd00::1']);
    assert.deepEqual(resolveServerConfig({ webhookAllowedHosts: ['127.0.0.1'] }, env, '/w').webhookAllowedHosts, ['127.0.0.1']);
    assert.equal(resolveServerConfig({}, {}, '/w').webhookAllowedHosts, undefined);
  });

  it('refuses bad ports and booleans', () => {
    assert.throws(() => resolveServerConfig({}, { STRATA_PORT: 'abc' }), /Invalid port/);
    assert.throws(() => resolveServerConfig({ port: 70000 }, {}), /Invalid port/);
    assert.throws(() => resolveServerConfig({}, { STRATA_SERVE_ARTIFACTS: 'maybe' }), /Invalid boolean/);
  });
});

describe('experimentArtifactLocation', () => {
  it('uses mlflow-artifacts:/<id> when serving artifacts, else the destination', () => {
    const destination = { artifactsDestination: '/data/artifacts/' };
    assert.equal(experimentArtifactLocation({ ...destination, serveArtifacts: true })('3'), 'mlflow-artifacts:/3');
    assert.equal(experimentArtifactLocation({ ...destination, serveArtifacts: false })('3'), '/data/artifacts/3');
  });

  it('honours an explicit --default-artifact-root either way, as MLflow does', () => {
    const config = { artifactsDestination: '/d', defaultArtifactRoot: 's3://bucket/root/' };
    assert.equal(experimentArtifactLocation({ ...config, serveArtifacts: true })('3'), 's3://bucket/root/3');
    assert.equal(experimentArtifactLocation({ ...config, serveArtifacts: false })('3'), 's3://bucket/root/3');
    const explicitProxy = { artifactsDestination: '/d', defaultArtifactRoot: 'mlflow-artifacts:/', serveArtifacts: true };
    assert.equal(experimentArtifactLocation(explicitProxy)('0'), 'mlflow-artifacts:/0');
  });
});

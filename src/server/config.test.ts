import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedHostsOf, experimentArtifactLocation, resolveServerConfig } from './config.js';

describe('resolveServerConfig', () => {
  it('defaults to 127.0.0.1:5000 and a strata-data folder in the working directory', () => {
    const config = resolveServerConfig({}, {}, '/work/x');
    assert.deepEqual(config, {
      host: '127.0.0.1',
      port: 5000,
      backendStoreUri: 'sqlite:////work/x/strata-data/strata.db',
      artifactsDestination: '/work/x/strata-data/artifacts',
      serveArtifacts: true,
      auditKeyFile: '/work/x/strata-data/audit-signing-key.pem',
    });
  });

  it('takes the audit key file and intervals from the environment, a relative key path against the working directory', () => {
    const config = resolveServerConfig({}, { STRATA_AUDIT_KEY_FILE: 'keys/audit.pem', STRATA_AUDIT_SEAL_INTERVAL_MS: '0', STRATA_AUDIT_CHECKPOINT_INTERVAL_MS: '5000' }, '/w');
    assert.equal(config.auditKeyFile, '/w/keys/audit.pem');
    assert.equal(config.auditSealIntervalMs, 0);
    assert.equal(config.auditCheckpointIntervalMs, 5000);
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

  it('reads the HTTP hardening settings from the environment, flags winning', () => {
    const env = {
      STRATA_ALLOWED_HOSTS: 'mlflow.example.com, *.corp.example ,',
      STRATA_CORS_ALLOWED_ORIGINS: 'https://app.example',
      STRATA_X_FRAME_OPTIONS: 'sameorigin',
      STRATA_STATEMENT_TIMEOUT_MS: '5000',
      STRATA_BODY_IDLE_TIMEOUT_MS: '0',
      STRATA_MAX_CONNECTIONS: '64',
    };
    const config = resolveServerConfig({}, env, '/w');
    assert.deepEqual(config.allowedHosts, ['mlflow.example.com', '*.corp.example']);
    assert.deepEqual(config.corsAllowedOrigins, ['https://app.example']);
    assert.equal(config.xFrameOptions, 'SAMEORIGIN');
    assert.equal(config.statementTimeoutMs, 5000);
    assert.equal(config.bodyIdleTimeoutMs, 0);
    assert.equal(config.maxConnections, 64);
    assert.deepEqual(resolveServerConfig({ allowedHosts: ['*'] }, env, '/w').allowedHosts, ['*']);
    assert.throws(() => resolveServerConfig({}, { STRATA_X_FRAME_OPTIONS: 'ALLOW' }), /STRATA_X_FRAME_OPTIONS/);
    assert.throws(() => resolveServerConfig({}, { STRATA_MAX_CONNECTIONS: '-1' }), /STRATA_MAX_CONNECTIONS/);
    assert.throws(() => resolveServerConfig({ statementTimeoutMs: 1.5 }, {}), /statementTimeoutMs/);
  });

  it('serves the loopback names by default on loopback, any host when bound to all interfaces', () => {
    assert.deepEqual(allowedHostsOf(resolveServerConfig({}, {}, '/w')), ['localhost', '127.0.0.1', '[::1]', '*.localhost']);
    assert.deepEqual(allowedHostsOf(resolveServerConfig({ host: '0.0.0.0' }, {}, '/w')), ['*']);
    assert.deepEqual(allowedHostsOf(resolveServerConfig({ host: '0.0.0.0', allowedHosts: ['a.example'] }, {}, '/w')), ['a.example']);
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

  it('refuses a default artifact root that would give experiments ambiguous locations', () => {
    assert.throws(() => resolveServerConfig({ defaultArtifactRoot: 's3://bucket/a/../b' }, {}), /default-artifact-root.*'\.\.' segment/);
    assert.throws(() => resolveServerConfig({ defaultArtifactRoot: 'mlflow-artifacts:/.strata' }, {}), /reserved/);
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

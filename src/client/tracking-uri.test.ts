import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TRACKING_URI, resolveTrackingConfig } from './tracking-uri.js';

describe('resolveTrackingConfig', () => {
  it('prefers STRATA_TRACKING_URI over MLFLOW_TRACKING_URI', () => {
    const env = { STRATA_TRACKING_URI: 'http://strata:1/', MLFLOW_TRACKING_URI: 'http://mlflow:2' };
    assert.equal(resolveTrackingConfig(env).trackingUri, 'http://strata:1');
  });

  it('falls back to MLFLOW_TRACKING_URI, then the default; empty means unset', () => {
    assert.equal(resolveTrackingConfig({ STRATA_TRACKING_URI: '', MLFLOW_TRACKING_URI: 'http://m:2' }).trackingUri, 'http://m:2');
    assert.equal(resolveTrackingConfig({}).trackingUri, DEFAULT_TRACKING_URI);
  });

  it('reads basic auth from MLFLOW_TRACKING_USERNAME/PASSWORD', () => {
    const config = resolveTrackingConfig({ MLFLOW_TRACKING_USERNAME: 'ada', MLFLOW_TRACKING_PASSWORD: 'pw' });
    assert.deepEqual(config, { trackingUri: DEFAULT_TRACKING_URI, username: 'ada', password: 'pw' });
  });
});

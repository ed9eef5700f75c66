import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchController, type SwitchOutcome } from './switch-controller.js';
import { countingMetrics, fakeFetcher, recordingApplier, resolvedVersion } from './follow-fakes.test-support.js';

function controllerWith(applier = recordingApplier(), now = () => 0) {
  const metrics = countingMetrics();
  const fetcher = fakeFetcher({ version: '1' });
  const switched: SwitchOutcome[] = [];
  const failed: Array<[SwitchOutcome, string]> = [];
  const controller = new SwitchController({
    fetcher, applier, metrics, now, retryFailedAfterMs: 60_000,
    listener: { switched: (o) => switched.push(o), failed: (o, e) => failed.push([o, e.message]) },
  });
  controller.markServing('1');
  return { controller, applier, metrics, fetcher, switched, failed };
}

describe('SwitchController', () => {
  it('downloads, then applies, then reports the switch from the old version', async () => {
    const { controller, applier, fetcher, switched, metrics } = controllerWith();
    await controller.request(resolvedVersion('2'), 'alias moved (poll)');
    assert.deepEqual(fetcher.fetched, ['2']);
    assert.deepEqual(applier.applied, ['2@/cache/fraud/2']);
    assert.equal(controller.current, '2');
    assert.deepEqual(switched, [{ from: '1', to: '2', reason: 'alias moved (poll)' }]);
    assert.deepEqual(metrics.succeeded, ['2']);
  });

  it('keeps the old version when the new one fails, counts it, and does not retry it on the next request', async () => {
    const { controller, applier, fetcher, failed, metrics } = controllerWith(recordingApplier({ failing: new Set(['3']) }));
    await controller.request(resolvedVersion('3'), 'alias moved (webhook)');
    assert.equal(controller.current, '1');
    assert.deepEqual(applier.applied, []);
    assert.deepEqual(metrics.failed, ['3']);
    assert.deepEqual(failed, [[{ from: '1', to: '3', reason: 'alias moved (webhook)' }, 'version 3: model.onnx is not a valid ONNX model']]);
    await controller.request(resolvedVersion('3'), 'alias moved (poll)');
    assert.deepEqual(fetcher.fetched, ['3'], 'a failed version is left alone during its cool-down');
    assert.equal(controller.isSettled('3'), true);
  });

  it('tries a failed version again once its cool-down has passed', async () => {
    let now = 0;
    const failing = new Set(['3']);
    const { controller, fetcher } = controllerWith(recordingApplier({ failing }), () => now);
    await controller.request(resolvedVersion('3'), 'alias moved (poll)');
    failing.clear();
    now = 60_001;
    await controller.request(resolvedVersion('3'), 'alias moved (poll)');
    assert.deepEqual(fetcher.fetched, ['3', '3']);
    assert.equal(controller.current, '3');
  });

  it('runs one switch at a time and coalesces the requests made meanwhile to the newest', async () => {
    let release!: () => void;
    let gated = true;
    const gate = () => (gated ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve());
    const { controller, applier, switched } = controllerWith(recordingApplier({ gate }));
    const first = controller.request(resolvedVersion('2'), 'alias moved (webhook)');
    void controller.request(resolvedVersion('3'), 'alias moved (poll)');
    void controller.request(resolvedVersion('4'), 'alias moved (poll)');
    await new Promise((resolve) => setImmediate(resolve));
    gated = false;
    release();
    await first;
    await controller.idle();
    assert.deepEqual(applier.applied.map((a) => a.split('@')[0]), ['2', '4']);
    assert.deepEqual(switched.map((s) => [s.from, s.to]), [['1', '2'], ['2', '4']]);
  });

  it('does nothing for the version already served', async () => {
    const { controller, fetcher } = controllerWith();
    await controller.request(resolvedVersion('1'), 'alias moved (poll)');
    assert.deepEqual(fetcher.fetched, []);
  });
});

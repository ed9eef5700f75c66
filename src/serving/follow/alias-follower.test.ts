import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signWebhookPayload } from '../../core/webhooks/webhook-signature.js';
import { AliasFollower } from './alias-follower.js';
import { SwitchController, type SwitchOutcome } from './switch-controller.js';
import { countingMetrics, fakeFetcher, recordingApplier } from './follow-fakes.test-support.js';
import { memoryLog } from './serve-log.js';

const SECRET = 'a-secret-only-this-process-knows';

function setup(alias = { version: '1', unreachable: false }) {
  const fetcher = fakeFetcher(alias);
  const switched: SwitchOutcome[] = [];
  const controller = new SwitchController({
    fetcher, applier: recordingApplier(), metrics: countingMetrics(),
    listener: { switched: (o) => switched.push(o), failed: () => undefined },
  });
  controller.markServing('1');
  const log = memoryLog();
  const follower = new AliasFollower({ uri: 'models:/fraud@production', name: 'fraud', alias: 'production', fetcher, controller, pollIntervalMs: 10, log });
  return { alias, fetcher, controller, follower, switched, log };
}

async function delivery(body: object, secret = SECRET, timestamp = String(Math.floor(Date.now() / 1000))) {
  const text = JSON.stringify(body);
  const signature = await signWebhookPayload(secret, 'delivery-1', timestamp, text);
  return [Buffer.from(text), { 'x-mlflow-delivery-id': 'delivery-1', 'x-mlflow-timestamp': timestamp, 'x-mlflow-signature': signature }] as const;
}

const aliasMoved = (name = 'fraud', alias = 'production') => ({ entity: 'model_version_alias', action: 'created', timestamp: new Date().toISOString(), data: { name, alias, version: '2' } });

describe('AliasFollower', () => {
  it('on a signed delivery about its alias, asks the registry and switches to what the alias points at', async () => {
    const { alias, fetcher, follower, controller, switched } = setup();
    alias.version = '2';
    assert.equal(await follower.webhookReceiver(SECRET)(...(await delivery(aliasMoved()))), 200);
    await follower.check('poll'); // waits for the check the delivery started
    await controller.idle();
    assert.equal(fetcher.resolves >= 1, true);
    assert.deepEqual(switched, [{ from: '1', to: '2', reason: 'alias moved (webhook)' }]);
  });

  it('refuses a delivery signed with another secret, or too old, and moves nothing', async () => {
    const { alias, fetcher, follower } = setup();
    alias.version = '2';
    const receive = follower.webhookReceiver(SECRET);
    assert.equal(await receive(...(await delivery(aliasMoved(), 'someone-else'))), 401);
    assert.equal(await receive(...(await delivery(aliasMoved(), SECRET, String(Math.floor(Date.now() / 1000) - 3600)))), 401);
    const [body] = await delivery(aliasMoved());
    assert.equal(await receive(body, {}), 401);
    assert.equal(fetcher.resolves, 0);
  });

  it('acknowledges deliveries about other models or aliases without looking anything up', async () => {
    const { fetcher, follower } = setup();
    const receive = follower.webhookReceiver(SECRET);
    assert.equal(await receive(...(await delivery(aliasMoved('other')))), 200);
    assert.equal(await receive(...(await delivery(aliasMoved('fraud', 'staging')))), 200);
    assert.equal(fetcher.resolves, 0);
  });

  it('polls the alias and switches when it moved', async () => {
    const { alias, follower, controller, switched } = setup();
    alias.version = '5';
    follower.startPolling();
    while (switched.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    follower.stop();
    await controller.idle();
    assert.deepEqual(switched, [{ from: '1', to: '5', reason: 'alias moved (poll)' }]);
  });

  it('keeps serving while the registry is unreachable, saying so once, and says when it answers again', async () => {
    const { alias, follower, controller, log } = setup({ version: '1', unreachable: true });
    await follower.check('poll');
    await follower.check('poll');
    assert.equal(controller.current, '1');
    assert.equal(log.lines.filter((l) => l.includes('cannot resolve')).length, 1);
    alias.unreachable = false;
    await follower.check('poll');
    assert.ok(log.lines.some((l) => l.includes('resolves again')));
  });
});

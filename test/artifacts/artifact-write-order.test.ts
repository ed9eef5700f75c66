/**
 * When an artifact write reaches the audit log: only after the artifact store has made the
 * bytes visible, and never for a write that failed. The two stores cannot commit together,
 * so a metadata failure after the bytes commit fails the write instead of passing silently.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createArtifactStore } from '../../src/artifacts/create-artifact-store.js';
import type { ArtifactStore } from '../../src/core/ports/artifact-store.js';
import { createFixedClock } from '../../src/core/ports/clock.js';
import type { MetadataStore } from '../../src/core/ports/metadata-store.js';
import { ArtifactWriteService } from '../../src/core/services/artifact-write-service.js';
import { ANONYMOUS_ACTOR } from '../../src/core/services/service-deps.js';
import { openStore } from '../../src/store/create-store.js';

async function* bytes(...chunks: string[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

async function* failingAfter(chunk: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(chunk);
  throw new Error('client went away');
}

/** The store, with `beforeTransaction` run as each transaction starts. */
function withTransactionHook(inner: MetadataStore, beforeTransaction: () => Promise<void>): MetadataStore {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async (fn: Parameters<MetadataStore['transaction']>[0]) => {
          await beforeTransaction();
          return target.transaction(fn);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('artifact writes and their audit events', () => {
  let dir: string;
  let store: MetadataStore;
  let artifacts: ArtifactStore;
  const clock = createFixedClock(1_000);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-write-order-'));
    store = await openStore('sqlite:///:memory:', { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
    artifacts = await createArtifactStore(join(dir, 'artifacts'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const writes = (metadata: MetadataStore) => new ArtifactWriteService({ store: metadata, artifacts, artifactsDestination: join(dir, 'artifacts'), clock });
  const recorded = async () => (await store.listAuditEvents({ maxResults: 10 })).items.map((e) => [e.action, e.summary.path]);

  it('appends the event only once the file is visible in the artifact store', async () => {
    const visibleAtAudit: boolean[] = [];
    const hooked = withTransactionHook(store, async () => {
      visibleAtAudit.push((await artifacts.stat('models/m.bin')) !== undefined);
    });
    await writes(hooked).put(ANONYMOUS_ACTOR, 'models/m.bin', bytes('wei', 'ghts'));
    assert.deepEqual(visibleAtAudit, [true]);
    assert.deepEqual(await recorded(), [['artifact.write', 'models/m.bin']]);
  });

  it('records nothing for an upload whose body fails', async () => {
    await assert.rejects(writes(store).put(ANONYMOUS_ACTOR, 'models/cut.bin', failingAfter('half')), /client went away/);
    assert.equal(await artifacts.stat('models/cut.bin'), undefined);
    assert.deepEqual(await recorded(), []);
  });

  it('fails the write when the event cannot be recorded after the bytes committed', async () => {
    const broken = withTransactionHook(store, async () => {
      throw new Error('metadata store down');
    });
    await assert.rejects(writes(broken).put(ANONYMOUS_ACTOR, 'models/unaudited.bin', bytes('x')), /metadata store down/);
    // The known gap: the bytes stay. The caller saw the failure, so it is not silent.
    assert.ok(await artifacts.stat('models/unaudited.bin'));
  });
});

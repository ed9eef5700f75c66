/**
 * The AuditLedger on every MetadataStore (run by audit-chain.test.ts): events sealed once each,
 * in one consistent order, while writers keep appending from many connections and two sealers
 * run at once; an event that commits late (a smaller id committed after a larger one was
 * sealed, PostgreSQL) is sealed by the next pass, never skipped; checkpoints kept once per size.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { afterEach, beforeEach, it } from 'node:test';
import { sealEvents } from '../core/audit/audit-chain.js';
import { signCheckpoint } from '../core/audit/audit-checkpoint.js';
import { AuditChainVerifier } from '../core/audit/audit-verifier.js';
import type { AuditCrypto, AuditSigner } from '../core/ports/audit-crypto.js';
import type { SealFunction } from '../core/ports/audit-ledger.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

const crypto: AuditCrypto = {
  sha256Hex: (data, encoding) => createHash('sha256').update(data, encoding).digest('hex'),
  verifyEd25519: (message, signature, pem) => verify(null, message, pem, Buffer.from(signature, 'base64')),
};
const keys = generateKeyPairSync('ed25519');
const signer: AuditSigner = {
  keyId: 'contract',
  publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  sign: (message) => sign(null, message, keys.privateKey).toString('base64'),
};
const seal: SealFunction = (head, events) => sealEvents(crypto, head, events);

export function runAuditChainContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Audit chain contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const append = (i: number) =>
      store.appendAuditEvent({ actor: { name: 'ada' }, action: 'run.create', entityType: 'run', entityId: `r${i}`, summary: { i }, time: 1000 + i });

    const readAll = async () => {
      const events = await store.auditLedger.listSealed(0, 10_000);
      return events;
    };

    it('seals committed events in id order, continuing the chain from its head', async () => {
      for (let i = 0; i < 5; i += 1) await append(i);
      assert.equal(await store.auditLedger.countUnsealed(), 5);
      assert.equal(await store.auditLedger.sealPending(seal, 3), 3);
      assert.equal(await store.auditLedger.sealPending(seal, 3), 2);
      assert.equal(await store.auditLedger.sealPending(seal, 3), 0);
      const events = await readAll();
      assert.deepEqual(events.map((e) => [e.sequence, e.entityId]), [[1, 'r0'], [2, 'r1'], [3, 'r2'], [4, 'r3'], [5, 'r4']]);
      assert.deepEqual(await store.auditLedger.chainHead(), { sequence: 5, chainHash: events[4]!.chainHash });
      assert.deepEqual(await store.auditLedger.headBefore(3), { sequence: 2, chainHash: events[1]!.chainHash });
      assert.equal(await store.auditLedger.firstSequenceSince(1002), 3);
      assert.equal(await store.auditLedger.lastSequenceBefore(1002), 2);
      const verifier = new AuditChainVerifier(crypto, { publicKeyPem: signer.publicKeyPem, checkpoints: [] });
      for (const event of events) verifier.add(event);
      assert.equal(verifier.finish().ok, true);
    });

    it('seals every event exactly once while many connections append and two sealers run', async () => {
      let writing = true;
      const sealer = async () => {
        while (writing) {
          await store.auditLedger.sealPending(seal, 7);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      };
      const sealers = [sealer(), sealer()];
      await Promise.all(Array.from({ length: 200 }, (_, i) => append(i)));
      writing = false;
      await Promise.all(sealers);
      while ((await store.auditLedger.sealPending(seal, 50)) > 0);
      const events = await readAll();
      assert.equal(events.length, 200);
      assert.deepEqual(events.map((e) => e.sequence), Array.from({ length: 200 }, (_, i) => i + 1));
      assert.equal(new Set(events.map((e) => e.eventId)).size, 200);
      const verifier = new AuditChainVerifier(crypto, { publicKeyPem: signer.publicKeyPem, checkpoints: [] });
      for (const event of events) verifier.add(event);
      assert.deepEqual(verifier.finish().problem, undefined);
    });

    it('writes a page as JSON (where the database can) that reads back as the stored events, awkward text included', async () => {
      const awkward = ['quote " backslash \\ newline \n tab \t', 'ünïcødé 🎉 \u0001', 'plain'];
      for (const [i, text] of awkward.entries()) {
        await store.appendAuditEvent({ actor: { name: text }, action: 'run.create', entityType: 'run', entityId: text, summary: { text, n: i, nested: { b: [1, null] } }, time: 1000 + i });
      }
      await store.auditLedger.sealPending(seal, 100);
      const json = await store.auditLedger.listSealedJson(1, 10);
      const stored = await store.auditLedger.listSealed(1, 10);
      assert.equal(stored.length, 2);
      if (json === undefined) return; // this dialect leaves the page to JavaScript (checked over HTTP)
      const page = JSON.parse(`[${Buffer.from(json).toString('utf8')}]`) as Array<Record<string, unknown>>;
      assert.deepEqual(page.map((e) => [e.sequence, e.event_id, e.time, e.actor, e.action, e.entity_type, e.entity_id, e.summary, e.leaf_hash, e.chain_hash, 'summary_text' in e]),
        stored.map((e) => [e.sequence, e.eventId, e.time, e.actor, e.action, e.entityType, e.entityId, e.summary, e.leafHash, e.chainHash, false]));
      assert.equal(Buffer.from((await store.auditLedger.listSealedJson(3, 10))!).length, 0);
    });

    it('keeps one checkpoint per size and lists them by size', async () => {
      const first = await store.auditLedger.insertCheckpoint(signCheckpoint(signer, { size: 2, rootHash: 'a'.repeat(64) }, 10));
      const again = await store.auditLedger.insertCheckpoint(signCheckpoint(signer, { size: 2, rootHash: 'a'.repeat(64) }, 20));
      assert.equal(again.checkpointId, first.checkpointId);
      assert.equal(again.time, 10);
      await store.auditLedger.insertCheckpoint(signCheckpoint(signer, { size: 5, rootHash: 'b'.repeat(64) }, 30));
      assert.deepEqual((await store.auditLedger.listCheckpoints(0, 10)).map((c) => c.size), [2, 5]);
      assert.deepEqual((await store.auditLedger.listCheckpoints(2, 10)).map((c) => c.size), [5]);
      assert.equal((await store.auditLedger.latestCheckpoint())?.size, 5);
      assert.equal((await store.auditLedger.checkpointCovering(3))?.size, 5);
    });

    // PostgreSQL only: SQLite admits one writer, so ids commit in order there.
    const onPostgres = name === 'SQLite' ? () => undefined : it;
    onPostgres('seals an event that commits after a later one was sealed, never skipping it', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let appended!: () => void;
      const inside = new Promise<void>((resolve) => (appended = resolve));
      const late = store.transaction(async (tx) => {
        await tx.appendAuditEvent({ actor: { name: 'ada' }, action: 'run.create', entityType: 'run', entityId: 'late', summary: {}, time: 1 });
        appended();
        await held;
      });
      await inside;
      await append(1);
      assert.equal(await store.auditLedger.sealPending(seal, 10), 1);
      release();
      await late;
      assert.equal(await store.auditLedger.sealPending(seal, 10), 1);
      const events = await readAll();
      assert.deepEqual(events.map((e) => [e.sequence, e.entityId]), [[1, 'r1'], [2, 'late']]);
      assert.ok(events[1]!.eventId < events[0]!.eventId, 'the late event has the smaller id');
    });
  });
}

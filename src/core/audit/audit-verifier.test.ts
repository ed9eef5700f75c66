import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import type { AuditCrypto, AuditSigner } from '../ports/audit-crypto.js';
import { GENESIS_HEAD, sealEvents, type SealedAuditEvent } from './audit-chain.js';
import { signCheckpoint, type AuditCheckpoint } from './audit-checkpoint.js';
import { AuditChainVerifier, auditStretches, combineStretchReports, type AuditVerifyReport } from './audit-verifier.js';

const crypto: AuditCrypto = {
  sha256Hex: (data, encoding) => createHash('sha256').update(data, encoding).digest('hex'),
  verifyEd25519: (message, signature, pem) => verify(null, message, pem, Buffer.from(signature, 'base64')),
};

function makeSigner(): AuditSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId: 'test-key',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (message) => sign(null, message, privateKey).toString('base64'),
  };
}

const signer = makeSigner();

function sealed(count: number): SealedAuditEvent[] {
  const events = Array.from({ length: count }, (_, i) => ({
    eventId: 100 + i, time: 1000 + i, actor: 'alice', action: 'run.create', entityType: 'run', entityId: `r${i}`, summary: { n: i, name: `run ${i}` },
  }));
  const assignments = sealEvents(crypto, GENESIS_HEAD, events);
  return events.map((event, i) => ({ ...event, ...assignments[i]! }));
}

function checkpointAt(events: SealedAuditEvent[], size: number, id = size): AuditCheckpoint {
  return { ...signCheckpoint(signer, { size, rootHash: events[size - 1]!.chainHash }, 5000), checkpointId: id };
}

function verifyAll(events: SealedAuditEvent[], checkpoints: AuditCheckpoint[], publicKeyPem = signer.publicKeyPem): AuditVerifyReport {
  const verifier = new AuditChainVerifier(crypto, { publicKeyPem, checkpoints });
  for (const event of events) if (!verifier.add(event)) break;
  return verifier.finish();
}

describe('audit chain verification', () => {
  const events = sealed(10);
  const checkpoints = [checkpointAt(events, 5), checkpointAt(events, 10)];

  it('accepts an untouched log and counts what it checked', () => {
    const report = verifyAll(events, checkpoints);
    assert.deepEqual(report, { ok: true, events: 10, firstSequence: 1, lastSequence: 10, checkpointsVerified: 2, eventsAfterLastCheckpoint: 0 });
    assert.equal(verifyAll(events.slice(0, 7), checkpoints.slice(0, 1)).eventsAfterLastCheckpoint, 2);
  });

  it('names an edited event by sequence and id', () => {
    const edited = events.map((e) => (e.sequence === 4 ? { ...e, summary: { ...e.summary, name: 'forged' } } : e));
    const report = verifyAll(edited, checkpoints);
    assert.equal(report.problem?.kind, 'edited');
    assert.equal(report.problem?.sequence, 4);
    assert.equal(report.problem?.eventId, 103);
    assert.match(report.problem!.message, /edited: event at sequence 4 \(event id 103\)/);
  });

  it('names an event whose summary is not JSON, or whose time is not a number, as edited', () => {
    const unreadable = events.map((e) => (e.sequence === 4 ? { ...e, summary: {}, unreadableSummary: '{"name":' } : e));
    assert.match(verifyAll(unreadable, checkpoints).problem!.message, /^edited: event at sequence 4 \(event id 103\) has a stored summary that is not valid JSON/);
    const textTime = events.map((e) => (e.sequence === 2 ? { ...e, time: String(e.time) as unknown as number } : e));
    assert.match(verifyAll(textTime, checkpoints).problem!.message, /^edited: event at sequence 2 \(event id 101\) has a sequence or time that is not a number/);
  });

  it('names a deleted event, and a deleted tail that a checkpoint covered', () => {
    const report = verifyAll(events.filter((e) => e.sequence !== 6), checkpoints);
    assert.equal(report.problem?.kind, 'deleted');
    assert.match(report.problem!.message, /deleted: sequence 6 is missing \(the log jumps to sequence 7, event id 106\)/);
    const tail = verifyAll(events.slice(0, 8), checkpoints);
    assert.equal(tail.problem?.kind, 'deleted');
    assert.match(tail.problem!.message, /checkpoint 10 was signed at size 10 but the log ends at sequence 8/);
  });

  it('names an inserted event', () => {
    const forged = { ...events[2]!, eventId: 999, summary: { forged: true } };
    const report = verifyAll([...events.slice(0, 3), forged, ...events.slice(3)], checkpoints);
    assert.equal(report.problem?.kind, 'inserted');
    assert.match(report.problem!.message, /a second event claims sequence 3 \(event id 999\)/);
  });

  it('names reordered lines and a moved event', () => {
    const swapped = [...events];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    const report = verifyAll(swapped, checkpoints);
    assert.equal(report.problem?.kind, 'reordered');
    assert.match(report.problem!.message, /sequence 4 \(event id 103\) comes after sequence 5/);
    // In a database the order is the sequence column: swapping two rows' sequences moves them.
    const moved = events.map((e) => (e.sequence === 4 ? { ...e, sequence: 5 } : e.sequence === 5 ? { ...e, sequence: 4 } : e)).sort((a, b) => a.sequence - b.sequence);
    const movedReport = verifyAll(moved, checkpoints);
    assert.equal(movedReport.problem?.kind, 'reordered');
    assert.match(movedReport.problem!.message, /event id 104 was sealed at sequence 5 but now stands at sequence 4/);
  });

  it('catches an edit whose hashes were recomputed, at the checkpoint covering it', () => {
    const edited = events.map((e) => (e.sequence === 3 ? { ...e, summary: { forged: true } } : { ...e }));
    const resealed = sealEvents(crypto, GENESIS_HEAD, edited);
    const rewritten = edited.map((e, i) => ({ ...e, ...resealed[i]! }));
    const report = verifyAll(rewritten, checkpoints);
    assert.equal(report.problem?.kind, 'rewritten');
    assert.match(report.problem!.message, /does not match signed checkpoint 5 \(size 5\): an event between sequence 1 and 5/);
  });

  it('refuses a checkpoint not signed by the given key', () => {
    const other = makeSigner();
    const report = verifyAll(events, checkpoints, other.publicKeyPem);
    assert.equal(report.problem?.kind, 'bad-signature');
    const forged = { ...checkpoints[1]!, size: 9, rootHash: events[8]!.chainHash };
    const forgedReport = verifyAll(events, [checkpoints[0]!, forged]);
    assert.equal(forgedReport.problem?.kind, 'bad-signature');
    assert.match(forgedReport.problem!.message, /checkpoint 10 \(size 9, key test-key\) is not signed by the given public key/);
  });

  it('verifies a partial export from the chain head before it', () => {
    const verifier = new AuditChainVerifier(crypto, { publicKeyPem: signer.publicKeyPem, checkpoints, startAfter: { sequence: 6, chainHash: events[5]!.chainHash } });
    for (const event of events.slice(6)) verifier.add(event);
    assert.deepEqual(verifier.finish(), { ok: true, events: 4, firstSequence: 7, lastSequence: 10, checkpointsVerified: 1, eventsAfterLastCheckpoint: 0 });
  });
});

/** As `strata audit verify` does with threads: each stretch is fed what the server pages after its start, on its own verifier. */
function verifyInStretches(events: SealedAuditEvent[], checkpoints: AuditCheckpoint[], parts: number): AuditVerifyReport {
  const reports = auditStretches(checkpoints, parts).map((stretch) => {
    const verifier = new AuditChainVerifier(crypto, { publicKeyPem: signer.publicKeyPem, checkpoints, ...stretch });
    for (const event of events) if (event.sequence > stretch.startAfter.sequence && !verifier.add(event)) break;
    return verifier.finish();
  });
  return combineStretchReports(reports);
}

describe('audit chain verification in stretches', () => {
  const events = sealed(20);
  const checkpoints = [5, 10, 15].map((size) => checkpointAt(events, size));
  const at = (sequence: number, change: (e: SealedAuditEvent) => SealedAuditEvent) => events.map((e) => (e.sequence === sequence ? change(e) : e));
  const swap = (list: SealedAuditEvent[], i: number) => {
    const copy = [...list];
    [copy[i], copy[i + 1]] = [copy[i + 1]!, copy[i]!];
    return copy;
  };
  const resealedFrom = (sequence: number) => {
    const edited = at(sequence, (e) => ({ ...e, summary: { forged: true } }));
    const resealed = sealEvents(crypto, GENESIS_HEAD, edited);
    return edited.map((e, i) => ({ ...e, ...resealed[i]! }));
  };

  it('cuts the log at the checkpoints nearest equal parts, the last running to the end', () => {
    assert.deepEqual(auditStretches(checkpoints, 3).map((s) => [s.startAfter.sequence, s.endAt]), [[0, 5], [5, 10], [10, undefined]]);
    assert.deepEqual(auditStretches(checkpoints, 2).map((s) => [s.startAfter.sequence, s.endAt]), [[0, 5], [5, undefined]]); // 7.5: a tie, the earlier cut
    assert.deepEqual(auditStretches(checkpoints, 1).map((s) => [s.startAfter.sequence, s.endAt]), [[0, undefined]]);
    assert.deepEqual(auditStretches([], 4).map((s) => [s.startAfter.sequence, s.endAt]), [[0, undefined]]);
    assert.equal(auditStretches(checkpoints, 3)[1]!.startAfter.chainHash, events[4]!.chainHash);
  });

  // Each tampering, in a later stretch while the earlier ones are intact, and in the first
  // stretch while a later one is tampered too: the stretched check names what the single pass names.
  const cases: Array<[string, SealedAuditEvent[]]> = [
    ['intact', events],
    ['the log ends early (after sealing at 12)', events.slice(0, 12)],
    ['edited at 8', at(8, (e) => ({ ...e, summary: { forged: true } }))],
    ['edited at 12', at(12, (e) => ({ ...e, summary: { forged: true } }))],
    ['edited at 3 and 12', at(3, (e) => ({ ...e, actor: 'mallory' })).map((e) => (e.sequence === 12 ? { ...e, action: 'x' } : e))],
    ['deleted 7', events.filter((e) => e.sequence !== 7)],
    ['deleted 5 (a stretch\'s last event)', events.filter((e) => e.sequence !== 5)],
    ['deleted 6 (a stretch\'s first event)', events.filter((e) => e.sequence !== 6)],
    ['deleted 11..20 (a checkpoint beyond the end)', events.slice(0, 10).concat()],
    ['inserted at 12', [...events.slice(0, 12), { ...events[11]!, eventId: 999, summary: { forged: true } }, ...events.slice(12)]],
    ['reordered lines 12, 13', swap(events, 11)],
    ['reordered lines 5, 6 (across a cut)', swap(events, 4)],
    ['moved 12 <-> 13', at(12, (e) => ({ ...e, sequence: 13 })).map((e, i) => (i === 12 ? { ...e, sequence: 12 } : e)).sort((a, b) => a.sequence - b.sequence)],
    ['rewritten at 7', resealedFrom(7)],
    ['rewritten at 13', resealedFrom(13)],
  ];
  for (const [name, log] of cases) {
    it(`reports what the whole-log pass reports: ${name}`, () => {
      const whole = verifyAll(log, checkpoints);
      for (const parts of [2, 3, 4]) assert.deepEqual(verifyInStretches(log, checkpoints, parts), whole, `${parts} stretches`);
      if (name !== 'intact') assert.equal(whole.ok, false);
    });
  }

  it('names a tamper in a later stretch while the earlier stretch is fine', () => {
    const report = verifyInStretches(at(12, (e) => ({ ...e, summary: { forged: true } })), checkpoints, 2);
    assert.equal(report.problem?.kind, 'edited');
    assert.match(report.problem!.message, /^edited: event at sequence 12 \(event id 111\)/);
    assert.equal(report.events, 11);
    assert.equal(report.checkpointsVerified, 2);
  });
});

describe('canonical event bytes', () => {
  it('sort keys at every depth, keep integer-like keys in string order, and drop undefined', async () => {
    const { canonicalJson } = await import('./canonical-json.js');
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: null, y: 'é' }], c: true }, u: undefined }), '{"a":{"c":true,"d":[1,{"y":"é","z":null}]},"b":1}');
    assert.equal(canonicalJson({ 9: 'x', 10: 'y', a: 1 }), '{"10":"y","9":"x","a":1}');
    assert.equal(canonicalJson({ a: 1, b: 'two' }), '{"a":1,"b":"two"}');
  });
});

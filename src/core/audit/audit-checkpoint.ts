/**
 * Signed checkpoints: the server's Ed25519 signature over (size, root hash, time), where the
 * root hash is the chain hash of event `size`. Anyone with the public key can check one, and a
 * valid checkpoint fixes the first `size` events for good.
 */
import type { AuditCrypto, AuditSigner } from '../ports/audit-crypto.js';

export interface AuditCheckpoint {
  /** The store's id; absent before it is stored. */
  checkpointId?: number;
  /** How many events (sequences 1..size) it covers. */
  size: number;
  /** chain(size), hex. */
  rootHash: string;
  /** When it was signed, ms since the epoch. */
  time: number;
  keyId: string;
  /** Ed25519 signature of checkpointMessage(…), base64. */
  signature: string;
}

const encoder = new TextEncoder();

/** The signed bytes: a tag naming the format, then the three fields in a fixed order. */
export function checkpointMessage(checkpoint: Pick<AuditCheckpoint, 'size' | 'rootHash' | 'time'>): Uint8Array {
  return encoder.encode(`strata-audit-checkpoint/1\n${JSON.stringify({ size: checkpoint.size, root_hash: checkpoint.rootHash, time: checkpoint.time })}`);
}

export function signCheckpoint(signer: AuditSigner, head: { size: number; rootHash: string }, time: number): AuditCheckpoint {
  const unsigned = { size: head.size, rootHash: head.rootHash, time };
  return { ...unsigned, keyId: signer.keyId, signature: signer.sign(checkpointMessage(unsigned)) };
}

export function checkpointSignatureValid(crypto: AuditCrypto, checkpoint: AuditCheckpoint, publicKeyPem: string): boolean {
  try {
    return crypto.verifyEd25519(checkpointMessage(checkpoint), checkpoint.signature, publicKeyPem);
  } catch {
    // A malformed signature or key is a failed check, not a crash of the verifier.
    return false;
  }
}

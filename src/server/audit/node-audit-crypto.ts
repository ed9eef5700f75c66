/** node:crypto's SHA-256 and Ed25519 behind core's AuditCrypto port. */
import { hash, verify } from 'node:crypto';
import type { AuditCrypto } from '../../core/ports/audit-crypto.js';

/** A chain step's 65 bytes (0x01 ‖ previous ‖ leaf), decoded into one reused buffer: a million-event verify allocates no million buffers. */
const chainStep = Buffer.alloc(65);

function hexBytes(hex: string): Buffer {
  // Only an input that fills the buffer exactly may use it; anything else (odd length, bad digits) decodes as Buffer.from does.
  if (hex.length === 130 && chainStep.write(hex, 'hex') === 65) return chainStep;
  return Buffer.from(hex, 'hex');
}

export const nodeAuditCrypto: AuditCrypto = {
    // crypto.hash: the one-shot form, ~2.5x faster than createHash for a few hundred bytes.
  sha256Hex: (data, encoding) => hash('sha256', encoding === 'hex' ? hexBytes(data) : data, 'hex'),
  verifyEd25519: (message, signature, publicKeyPem) => verify(null, message, publicKeyPem, Buffer.from(signature, 'base64')),
};

/**
 * node:crypto's SHA-256 and Ed25519 behind core's AuditCrypto port, for verification on the
 * user's side. (The server has its own copy in server/audit/: the CLI may not import the server.)
 */
import { createHash, verify } from 'node:crypto';
import type { AuditCrypto } from '../../../core/ports/audit-crypto.js';

export const nodeAuditCrypto: AuditCrypto = {
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  verifyEd25519: (message, signature, publicKeyPem) => verify(null, message, publicKeyPem, Buffer.from(signature, 'base64')),
};

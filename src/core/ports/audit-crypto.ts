/**
 * The two cryptographic primitives the audit chain needs, kept behind a port because core may
 * not import node:crypto. The server and the CLI each pass node:crypto's (SHA-256, Ed25519).
 */
export interface AuditCrypto {
  /**
   * SHA-256, as 64 lowercase hex digits, of `data`'s bytes: its UTF-8 encoding, or with
   * encoding 'hex' the bytes the hex digits spell. Strings in, so the chain's hot path makes
   * no byte arrays of its own.
   */
  sha256Hex(data: string, encoding: 'utf8' | 'hex'): string;
  /** True when `signature` (base64) is `publicKeyPem`'s Ed25519 signature of `message`. */
  verifyEd25519(message: Uint8Array, signature: string, publicKeyPem: string): boolean;
}

/** Signs checkpoints: the server's private key, never seen by core. */
export interface AuditSigner {
  /** Hex SHA-256 of the public key's DER encoding, cut to 16 digits: names the key in checkpoints. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** Ed25519 signature of `message`, base64. */
  sign(message: Uint8Array): string;
}

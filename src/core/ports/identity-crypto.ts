/**
 * The secrets of identities, behind a port so core stays free of native code and node:*: the
 * server's implementation (src/server/auth/node-identity-crypto.ts) hashes passwords with
 * argon2id and digests tokens and session ids with SHA-256.
 */
export interface IdentityCrypto {
  /** A PHC string (argon2id, with its own salt and parameters). */
  hashPassword(password: string): Promise<string>;
  /** False for a wrong password or a hash that cannot be read; never throws for those. */
  verifyPassword(hash: string, password: string): Promise<boolean>;
  /** A fresh random secret of at least 32 bytes, as text safe in headers and cookies. */
  newSecret(): string;
  /** SHA-256 of a secret as hex: what the store keeps and looks tokens and sessions up by. */
  digest(secret: string): string;
}

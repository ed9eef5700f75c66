/**
 * IdentityCrypto on Node: argon2id for passwords (@node-rs/argon2; the parameters are OWASP's
 * minimum, 19 MiB and 2 passes, tens of milliseconds per check — which is why the
 * authenticator caches verified results), SHA-256 and 32 random bytes from node:crypto.
 */
import { hash as oneShotHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { IdentityCrypto } from '../../core/ports/identity-crypto.js';

/** Algorithm.Argon2id: the package declares it as a const enum, which isolated modules cannot import. */
const ARGON2ID = 2;

export interface Argon2Cost {
  /** KiB */
  memoryCost: number;
  timeCost: number;
}

export const DEFAULT_ARGON2_COST: Argon2Cost = { memoryCost: 19_456, timeCost: 2 };

export function nodeIdentityCrypto(cost: Argon2Cost = DEFAULT_ARGON2_COST): IdentityCrypto {
  return {
    hashPassword: (password) => hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 }),
    verifyPassword: async (hashed, password) => {
      try {
        return await verify(hashed, password);
      } catch {
        // An unreadable stored hash fails the check rather than the request.
        return false;
      }
    },
    newSecret: () => randomBytes(32).toString('base64url'),
    digest: (secret) => sha256Hex(secret),
  };
}

/** Every authenticated request hashes its token or session secret (the caches' key): crypto.hash, the one-shot form, is ~3x cheaper than createHash for a few dozen bytes. */
export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/**
 * The Ed25519 key that signs audit checkpoints. Given by path (--audit-key /
 * STRATA_AUDIT_KEY_FILE; replicas share one file), or generated on first start into the data
 * directory with mode 0600. A server with neither (an in-memory database: tests) signs with a
 * key that lives as long as the process.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditSigner } from '../../core/ports/audit-crypto.js';
import { invalidParameter } from '../../core/errors.js';

export function loadOrCreateAuditSigner(keyFile: string | undefined): AuditSigner {
  if (keyFile === undefined) return signerOf(generateKeyPairSync('ed25519').privateKey);
  return signerOf(readOrCreateKey(keyFile));
}

function readOrCreateKey(keyFile: string): KeyObject {
  try {
    return parseKey(readFileSync(keyFile, 'utf8'), keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(keyFile), { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': two replicas starting at once on a shared path — the second reads the first one's key.
    writeFileSync(keyFile, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKey(readFileSync(keyFile, 'utf8'), keyFile);
  }
  return parseKey(pem, keyFile);
}

function parseKey(pem: string, keyFile: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw invalidParameter(`The audit key file ${keyFile} does not hold a PEM private key.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalidParameter(`The audit key file ${keyFile} holds a ${key.asymmetricKeyType} key; an Ed25519 key is needed.`);
  return key;
}

function signerOf(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (message) => sign(null, message, privateKey).toString('base64'),
  };
}
